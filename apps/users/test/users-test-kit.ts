/* eslint-disable @typescript-eslint/no-explicit-any -- answers are loosely typed JSON in tests */
// Starts the users service the way main.ts does, against a database of its own, a RabbitMQ prefix
// of its own and a fresh signing key, plus a second broker connection that watches the events.
import { generateKeyPairSync } from 'node:crypto';
import type { EventData, EventTypeName } from '@marquee/contracts';
import { callJson, createMigratedTestDatabase, EventObserver, freePort, TEST_AMQP_URL, uniquePrefix, waitUntil, type Answer, type TestDatabase } from '@marquee/testing';
import { startUsersService, USERS_MIGRATIONS, type UsersServiceHandle } from '../src/app';

export function createUsersDatabase(): Promise<TestDatabase> {
  return createMigratedTestDatabase('users', USERS_MIGRATIONS);
}

export function testKeyPem(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
}

export type { Answer };

export class UsersTestKit {
  service!: UsersServiceHandle;
  db!: TestDatabase;
  readonly prefix = uniquePrefix('users');
  readonly observer = new EventObserver({ prefix: this.prefix, bindings: ['user.#'] });
  /** Every user event the service published, in order. */
  readonly events = this.observer.events;
  readonly privateKeyPem = testKeyPem();
  private ipCounter = 0;
  private readonly ipBase = Math.floor(Math.random() * 200) + 20;

  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    this.db = await createUsersDatabase();
    const port = await freePort();
    this.service = await startUsersService({
      USERS_DATABASE_URL: this.db.url,
      AMQP_URL: TEST_AMQP_URL,
      AMQP_PREFIX: this.prefix,
      HOST: '127.0.0.1',
      PORT: String(port),
      // The kit verifies this app's own routes against this app's own JWKS (fetched lazily).
      JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      BCRYPT_COST: '4',
      JWT_PRIVATE_KEY: this.privateKeyPem,
      ...extraEnv,
    });
    await waitUntil(() => this.service.platform.broker.isConnected(), { message: 'service broker connected' });
    await this.observer.start();
  }

  async stop(): Promise<void> {
    await this.service?.platform.stop();
    await this.observer.stop(this.service?.platform.broker);
    await this.db?.drop();
  }

  /** A fresh client address (through X-Forwarded-For, which the service trusts for one hop). */
  nextIp(): string {
    this.ipCounter += 1;
    return `10.${this.ipBase}.${Math.floor(this.ipCounter / 250)}.${(this.ipCounter % 250) + 1}`;
  }

  async call<T = any>(
    method: string,
    path: string,
    options: { body?: unknown; form?: Record<string, string>; token?: string; ip?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer<T>> {
    // `ip` goes out as X-Forwarded-For.
    return callJson<T>(this.service.url, method, path, options);
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

  /** The first event of `type` whose data matches, already seen or within 10 s. */
  event<K extends EventTypeName>(type: K, match: (data: EventData<K>) => boolean) {
    return this.observer.waitFor(type, match);
  }
}
