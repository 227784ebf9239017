/* eslint-disable @typescript-eslint/no-explicit-any -- answers are loosely typed JSON in tests */
// Starts one service the way production does (its definition's `start`), against a database of
// its own, RabbitMQ names of its own and a test token issuer, with an observer on the bus. The
// per-app test kits extend it with what only that service needs.
import type { DomainEvent, EventData, EventTypeName } from '@marquee/contracts';
import type pg from 'pg';
import { createMigratedTestDatabase, type TestDatabase } from './database';
import { EventObserver, TEST_AMQP_URL, type DeclaresNames, type ObserverPublishOptions } from './event-observer';
import { hostileSweep, type HostileSweepOptions, type SweepReport } from './hostile-sweep';
import { callJson, type Answer, type CallOptions } from './http-client';
import { freePort, uniquePrefix } from './names';
import { TestIssuer, type IssueOptions, type IssuedToken } from './test-issuer';
import { waitUntil } from './wait';

/** What the kit needs of a started service (a `defineService` handle has it). */
export interface StartedService {
  url: string;
  stop(): Promise<void>;
  platform: { pool: pg.Pool; broker: DeclaresNames & { isConnected(): boolean } };
}

/** What the kit needs of a service definition (`defineService(...)` is one). */
export interface StartableService<Handle extends StartedService> {
  name: string;
  migrationsDir?: string;
  start(env: Record<string, string | undefined>): Promise<Handle>;
}

export interface ServiceTestKitOptions {
  /** Routing keys the observer records (`['review.#']`); default none. */
  observe?: string[];
  /** Environment for every start (after the kit's own, before `start`'s). */
  env?: Record<string, string>;
}

export class ServiceTestKit<Handle extends StartedService> {
  handle!: Handle;
  db!: TestDatabase;
  readonly issuer = new TestIssuer();
  readonly prefix: string;
  readonly observer: EventObserver;
  /** Every observed event, in order. */
  readonly events: EventObserver['events'];
  private readonly replicas: Handle[] = [];

  constructor(
    readonly definition: StartableService<Handle>,
    private readonly options: ServiceTestKitOptions = {},
  ) {
    this.prefix = uniquePrefix(definition.name);
    this.observer = new EventObserver({ prefix: this.prefix, bindings: options.observe ?? [] });
    this.events = this.observer.events;
  }

  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    this.db = await createMigratedTestDatabase(this.definition.name, this.definition.migrationsDir);
    await this.issuer.start();
    this.handle = await this.startReplica(extraEnv);
    await this.observer.start();
  }

  /**
   * The environment a test start gets: loopback on a free port, this file's database, AMQP
   * prefix and cache prefix, the issuer's JWKS, silent logs.
   */
  async environment(extraEnv: Record<string, string> = {}): Promise<Record<string, string>> {
    const envName = this.definition.name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
    return {
      [`${envName}_DATABASE_URL`]: this.db.url,
      AMQP_URL: TEST_AMQP_URL,
      AMQP_PREFIX: this.prefix,
      CACHE_PREFIX: this.prefix.replace(/\.$/, '-'),
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      JWKS_URL: this.issuer.jwksUrl,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      EVENT_RETRY_DELAYS_MS: '100,200',
      ...this.options.env,
      ...extraEnv,
    };
  }

  /** Another replica on the same database, bus and cache (the first start's is `handle`); stopped by `stop`. */
  async startReplica(extraEnv: Record<string, string> = {}): Promise<Handle> {
    const handle = await this.definition.start(await this.environment(extraEnv));
    this.replicas.push(handle);
    await waitUntil(() => handle.platform.broker.isConnected(), { message: `${this.definition.name} broker connected` });
    return handle;
  }

  async stop(): Promise<void> {
    const replicas = this.replicas.splice(0).reverse();
    for (const replica of replicas) await replica.stop();
    await this.observer.stop(...replicas.map((r) => r.platform.broker));
    await this.issuer.stop();
    await this.db?.drop();
  }

  get url(): string {
    return this.handle.url;
  }

  get pool(): pg.Pool {
    return this.handle.platform.pool;
  }

  /** A signed-in caller: a fresh user id unless `sub` is given. */
  user(role: IssueOptions['role'] = 'user', sub?: string): IssuedToken {
    return this.issuer.issue({ role, sub });
  }

  call<T = any>(method: string, path: string, options: CallOptions & { base?: string } = {}): Promise<Answer<T>> {
    const { base, ...rest } = options;
    return callJson<T>(base ?? this.url, method, path, rest);
  }

  /** The first observed event of `type` whose data matches, already seen or within 10 s. */
  event<K extends EventTypeName>(type: K, match: (data: EventData<K>) => boolean = () => true): Promise<DomainEvent<K>> {
    return this.observer.waitFor(type, match);
  }

  /** Publishes an event as another service would and waits until this service handled it (its inbox has it). */
  async deliver<K extends EventTypeName>(type: K, data: EventData<K>, options: ObserverPublishOptions = {}): Promise<DomainEvent<K>> {
    const event = await this.observer.publish(type, data, options);
    await this.handled(event.id);
    return event;
  }

  /** Waits until the service has committed its handling of `eventId`. */
  async handled(eventId: string): Promise<void> {
    await waitUntil(async () => (await this.pool.query('SELECT 1 FROM inbox WHERE event_id = $1', [eventId])).rowCount === 1, {
      message: `event ${eventId} handled`,
    });
  }

  /** The hostile-input sweep over every route, as an admin, counting this service's rows. */
  sweep(options: Partial<HostileSweepOptions> = {}): Promise<SweepReport> {
    return hostileSweep({ baseUrl: this.url, databaseUrl: this.db.url, token: this.user('admin').token, ...options });
  }
}
