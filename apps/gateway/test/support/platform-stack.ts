// The real platform as separate processes for end-to-end tests: the named services, each on a
// test database of its own and all on one RabbitMQ prefix (so their events reach each other), the
// users service signing with a fresh key, and a gateway in front of them.
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { createMigratedTestDatabase, freePort, uniquePrefix, type TestDatabase } from '@marquee/testing';
import type { Upstream } from '../../src/routes/route-table';
import { startGatewayProcess } from './gateway-stack';
import { NodeProcess, REPO_ROOT } from './processes';
import { deleteBrokerNames } from './users-process';

const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface PlatformStackOptions {
  /** Every service to run for real; users is always among them (it signs the tokens). */
  services: readonly Upstream[];
  /** The first admin, created by the users service at start. */
  admin: { email: string; password: string };
  /** The AMQP URL the services use (a TcpProxy's, to cut the broker); asked at start. */
  amqpUrl?: () => string;
  /** Extra environment by service (`{ tickets: { HOLD_MINUTES: '1' } }`). */
  env?: Partial<Record<Upstream | 'gateway', Record<string, string>>>;
}

export class PlatformStack {
  readonly prefix = uniquePrefix('e2e');
  readonly processes = new Map<string, NodeProcess>();
  private readonly databases: TestDatabase[] = [];
  readonly urls: Record<string, string> = {};
  gateway!: NodeProcess;
  gatewayUrl = '';

  constructor(private readonly options: PlatformStackOptions) {}

  async start(): Promise<void> {
    const services = [...new Set<Upstream>(['users', ...this.options.services])];
    const ports: Record<string, number> = {};
    for (const service of services) {
      ports[service] = await freePort();
      this.urls[`${service.toUpperCase()}_URL`] = `http://127.0.0.1:${ports[service]}`;
    }
    const jwksUrl = `${this.urls.USERS_URL}/.well-known/jwks.json`;
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const common = { HOST: '127.0.0.1', AMQP_URL: this.options.amqpUrl?.() ?? AMQP_URL, AMQP_PREFIX: this.prefix, CACHE_PREFIX: this.prefix.replace(/\.$/, '-'), JWKS_URL: jwksUrl, EVENT_RETRY_DELAYS_MS: '200,500', ...this.urls };
    // users first (the admin must exist before the test runs), then the others side by side: they
    // fetch users' JWKS lazily and reach each other only once a test calls them.
    const startOne = async (service: Upstream) => {
      const db = await createMigratedTestDatabase(service, path.join(REPO_ROOT, `apps/${service}/src/migrations`));
      this.databases.push(db);
      const own: Record<string, string> =
        service === 'users'
          ? { JWT_PRIVATE_KEY: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, BCRYPT_COST: '4', ADMIN_EMAIL: this.options.admin.email, ADMIN_PASSWORD: this.options.admin.password }
          : {};
      const proc = new NodeProcess(
        service,
        `apps/${service}/src/main.ts`,
        { ...common, PORT: String(ports[service]), [`${service.toUpperCase()}_DATABASE_URL`]: db.url, ...own, ...this.options.env?.[service] },
        `http://127.0.0.1:${ports[service]}/ready`,
      );
      this.processes.set(service, proc);
      await proc.start(120_000);
    };
    await startOne('users');
    await Promise.all(services.filter((s) => s !== 'users').map(startOne));
    const gateway = await startGatewayProcess({ ...this.urls, JWKS_URL: jwksUrl, RATE_LIMIT_AUTH: '1000', RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_SEARCH: '100000', ...this.options.env?.gateway });
    this.gateway = gateway.process;
    this.gatewayUrl = gateway.url;
  }

  async stop(): Promise<void> {
    await this.gateway?.stop();
    for (const proc of [...this.processes.values()].reverse()) await proc.stop();
    for (const db of this.databases) await db.drop().catch(() => undefined);
    await deleteBrokerNames(this.prefix);
  }

  /** JSON through the gateway. */
  async call<T = unknown>(method: string, route: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.gatewayUrl}${route}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
}
