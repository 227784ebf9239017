/* eslint-disable @typescript-eslint/no-explicit-any -- answers are loosely typed JSON in tests */
// Starts the users service the way main.ts does, against a database of its own, a RabbitMQ prefix
// of its own and a fresh signing key, plus a second broker connection that watches the events.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { ServiceHandle } from '@marquee/service';
import { createMigratedTestDatabase, ServiceTestKit, type Answer, type TestDatabase } from '@marquee/testing';
import { usersService } from '../src/app';

export function createUsersDatabase(): Promise<TestDatabase> {
  return createMigratedTestDatabase('users', usersService.migrationsDir);
}

export function testKeyPem(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
}

export type { Answer };

/**
 * The users service under test (ServiceTestKit), signing with a fresh key and checking its own
 * routes against its own JWKS, plus what only users needs: client addresses and accounts.
 */
export class UsersTestKit extends ServiceTestKit<ServiceHandle<typeof usersService>> {
  readonly privateKeyPem = testKeyPem();
  private ipCounter = 0;
  private readonly ipBase = Math.floor(Math.random() * 200) + 20;

  constructor() {
    super(usersService, { observe: ['user.#'], env: { BCRYPT_COST: '4' } });
  }

  override async environment(extraEnv: Record<string, string> = {}): Promise<Record<string, string>> {
    const env = await super.environment({ JWT_PRIVATE_KEY: this.privateKeyPem, ...extraEnv });
    // The kit verifies this app's own routes against this app's own JWKS (fetched lazily).
    return { ...env, JWKS_URL: extraEnv.JWKS_URL ?? `http://127.0.0.1:${env.PORT}/.well-known/jwks.json` };
  }

  /** The running service (its platform, url and `api`: the token signer and the hasher). */
  get service(): ServiceHandle<typeof usersService> {
    return this.handle;
  }

  /** A fresh client address (sent as X-Forwarded-For from loopback, which TRUSTED_PROXIES trusts by default). */
  nextIp(): string {
    this.ipCounter += 1;
    return `10.${this.ipBase}.${Math.floor(this.ipCounter / 250)}.${(this.ipCounter % 250) + 1}`;
  }

  /**
   * A JSON call from a chosen local address (Linux routes all of 127.0.0.0/8 to loopback), so a
   * test can be a trusted proxy (TRUSTED_PROXIES=127.0.0.2) or a stranger (127.0.0.1). `ip` goes
   * out as X-Forwarded-For.
   */
  callFrom<T = any>(localAddress: string, method: string, path: string, options: { body?: unknown; ip?: string; token?: string; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
    const url = new URL(path, this.service.url);
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = { ...options.headers };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (options.ip) headers['x-forwarded-for'] = options.ip;
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    return new Promise((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, localAddress, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON
          }
          const answerHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (typeof value === 'string') answerHeaders.set(name, value);
            else for (const one of value ?? []) answerHeaders.append(name, one);
          }
          resolve({ status: res.statusCode ?? 0, body: body as T, headers: answerHeaders });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** The session rows of a user, newest first (what the service recorded about the client). */
  async sessionsOf(userId: string): Promise<Array<{ ip: string | null; device_name: string | null }>> {
    const { rows } = await this.service.platform.pool.query('SELECT ip, device_name FROM login_sessions WHERE user_id = $1 ORDER BY started_at DESC', [userId]);
    return rows;
  }

  private userCounter = 0;
  /** Registers a fresh user and returns the 201 body plus the password. */
  async register(overrides: Record<string, unknown> = {}) {
    this.userCounter += 1;
    const tag = `${Date.now().toString(36)}${this.userCounter}${Math.floor(Math.random() * 1e4)}`;
    const input = { email: `user${tag}@example.com`, password: 'password-123', username: `u${tag}`, first_name: 'Ada', last_name: 'Lovelace', ...overrides };
    const res = await this.call('POST', '/api/auth/register', { body: input, ip: this.nextIp() });
    if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { ...res.body, password: input.password as string, email: input.email as string, username: input.username as string };
  }
}
