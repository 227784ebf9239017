import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import amqp from 'amqplib';
import { createMigratedTestDatabase, freePort, uniquePrefix, type TestDatabase } from '@marquee/testing';
import { NodeProcess, REPO_ROOT } from './processes';

const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/**
 * The real users service as its own process, on a test database of its own, with a fresh signing
 * key and its own RabbitMQ prefix (its queues are deleted on stop).
 */
export class UsersProcess {
  process!: NodeProcess;
  db!: TestDatabase;
  url = '';
  readonly prefix = uniquePrefix('gw-users');

  get jwksUrl(): string {
    return `${this.url}/.well-known/jwks.json`;
  }

  /** Picks the port now, so a gateway can be told the URL before the service is up. */
  async reserve(): Promise<string> {
    this.url ||= `http://127.0.0.1:${await freePort()}`;
    return this.url;
  }

  async start(): Promise<void> {
    this.db = await createMigratedTestDatabase('users', path.join(REPO_ROOT, 'apps/users/src/migrations'));
    const port = Number(new URL(await this.reserve()).port);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.process = new NodeProcess(
      'users',
      'apps/users/src/main.ts',
      {
        HOST: '127.0.0.1',
        PORT: String(port),
        USERS_DATABASE_URL: this.db.url,
        AMQP_URL,
        AMQP_PREFIX: this.prefix,
        JWKS_URL: this.jwksUrl,
        JWT_PRIVATE_KEY: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
        BCRYPT_COST: '4',
      },
      `${this.url}/ready`,
    );
    await this.process.start();
  }

  async stop(): Promise<void> {
    await this.process?.stop();
    await this.db?.drop();
    await deleteBrokerNames(this.prefix);
  }
}

export async function registerUser(base: string, ip: string, overrides: Record<string, unknown> = {}) {
  const email = `gw-${Math.random().toString(36).slice(2, 10)}@example.com`;
  const res = await fetch(`${base}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ email, password: 'password-123', name: 'Gate Keeper', ...overrides }),
  });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${await res.text()}`);
  return { email, password: 'password-123', ...((await res.json()) as { access_token: string; refresh_token: string; user: { id: string } }) };
}

/** Deletes every queue and exchange whose name starts with `prefix` (another process declared them). */
export async function deleteBrokerNames(prefix: string): Promise<void> {
  const list = (what: string) =>
    execFileSync('rabbitmqctl', ['-q', `list_${what}`, 'name'], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim())
      .filter((name) => name.startsWith(prefix));
  const connection = await amqp.connect(AMQP_URL);
  const channel = await connection.createChannel();
  for (const queue of list('queues')) await channel.deleteQueue(queue);
  for (const exchange of list('exchanges')) await channel.deleteExchange(exchange);
  await connection.close();
}
