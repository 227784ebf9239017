/* eslint-disable @typescript-eslint/no-explicit-any -- answers and event data are loosely typed JSON in tests */
// Starts the users service the way main.ts does, against a database of its own, a RabbitMQ prefix
// of its own and a fresh signing key, plus a second broker connection that watches the events.
import { generateKeyPairSync } from 'node:crypto';
import { createLogger } from '@marquee/core';
import { createBroker, type Broker } from '@marquee/messaging';
import { createMigratedTestDatabase, freePort, uniquePrefix, waitUntil, type TestDatabase } from '@marquee/testing';
import amqp from 'amqplib';
import { startUsersService, USERS_MIGRATIONS, type UsersServiceHandle } from '../src/app';

export const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface Envelope<T = Record<string, unknown>> {
  id: string;
  type: string;
  data: T;
}

export function createUsersDatabase(): Promise<TestDatabase> {
  return createMigratedTestDatabase('users', USERS_MIGRATIONS);
}

export function testKeyPem(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
}

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class UsersTestKit {
  service!: UsersServiceHandle;
  db!: TestDatabase;
  observer!: Broker;
  readonly events: Envelope<any>[] = [];
  readonly prefix = uniquePrefix('users');
  readonly privateKeyPem = testKeyPem();
  private ipCounter = 0;
  private readonly ipBase = Math.floor(Math.random() * 200) + 20;

  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    this.db = await createUsersDatabase();
    const port = await freePort();
    this.service = await startUsersService({
      USERS_DATABASE_URL: this.db.url,
      AMQP_URL,
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
    this.observer = createBroker({ url: AMQP_URL, prefix: this.prefix, logger: createLogger({ service: 'observer', level: 'silent' }), connectionName: 'observer' });
    await this.observer.start();
    await this.observer.consume({
      queue: 'observer',
      bindings: ['user.#'],
      handler: async (message) => void this.events.push(message.body as Envelope),
    });
  }

  async stop(): Promise<void> {
    await this.service?.platform.stop();
    if (this.observer) {
      const names = this.observer.declaredNames();
      await this.observer.close();
      const connection = await amqp.connect(AMQP_URL);
      const channel = await connection.createChannel();
      const serviceNames = this.service?.platform.broker.declaredNames();
      for (const queue of new Set([...names.queues, ...(serviceNames?.queues ?? [])])) await channel.deleteQueue(queue);
      for (const exchange of new Set([...names.exchanges, ...(serviceNames?.exchanges ?? [])])) await channel.deleteExchange(exchange);
      await connection.close();
    }
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
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.ip) headers['x-forwarded-for'] = options.ip;
    let body: string | undefined;
    if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const res = await fetch(`${this.service.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
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

  async event(type: string, match: (data: any) => boolean): Promise<Envelope<any>> {
    return waitUntil(() => this.events.find((e) => e.type === type && match(e.data)), { timeoutMs: 10_000, message: `event ${type}` }) as Promise<Envelope<any>>;
  }
}
