/* eslint-disable @typescript-eslint/no-explicit-any -- answers are loosely typed JSON in tests */
// Starts the movies service the way main.ts does, against a database of its own, a RabbitMQ prefix
// and a Redis cache prefix of its own, and a test token issuer; plus a second broker connection
// that plays the reviews and users services (publishes their events) and watches movie events.
import { randomUUID } from 'node:crypto';
import { createEvent, type DomainEvent, type EventData, type EventTypeName, type UserRegisteredData } from '@marquee/contracts';
import { callJson, createMigratedTestDatabase, EventObserver, freePort, TEST_AMQP_URL, TestIssuer, uniquePrefix, waitUntil, type Answer, type TestDatabase } from '@marquee/testing';
import type pg from 'pg';
import { MOVIES_MIGRATIONS, startMoviesService, type MoviesServiceHandle } from '../src/app';

export type { Answer };

let counter = 0;

/** A `user.registered` / `user.updated` snapshot as the users service publishes it. */
export function userData(userId: string, overrides: Partial<UserRegisteredData> = {}): UserRegisteredData {
  return {
    user_id: userId,
    email: `u${userId.slice(0, 8)}@example.com`,
    username: null,
    first_name: 'Ada',
    last_name: 'Lovelace',
    name: 'Ada Lovelace',
    city: null,
    country: null,
    phone_number: null,
    genres: [],
    role: 'user',
    maturity_filter: 'all',
    preferred_language: null,
    ...overrides,
  };
}

export class MoviesTestKit {
  service!: MoviesServiceHandle;
  db!: TestDatabase;
  readonly issuer = new TestIssuer();
  readonly prefix = uniquePrefix('movies');
  /** Redis keys of this run live under `<cachePrefix>movies:lists:` and `<cachePrefix>movies:tmdb:`. */
  readonly cachePrefix = this.prefix.replace(/\.$/, '-');
  readonly observer = new EventObserver({ prefix: this.prefix, bindings: ['movie.#'] });
  /** Every movie event the service published, in order. */
  readonly events = this.observer.events;
  admin!: string;
  private readonly others: MoviesServiceHandle[] = [];

  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    this.db = await createMigratedTestDatabase('movies', MOVIES_MIGRATIONS);
    await this.issuer.start();
    this.service = await this.startInstance(extraEnv);
    await this.observer.start();
    this.admin = this.issuer.issue({ role: 'admin' }).token;
  }

  /** Another replica of the service on the same database, bus and cache (stopped by `stop`). */
  async startInstance(extraEnv: Record<string, string> = {}): Promise<MoviesServiceHandle> {
    const service = await startMoviesService({
      MOVIES_DATABASE_URL: this.db.url,
      AMQP_URL: TEST_AMQP_URL,
      AMQP_PREFIX: this.prefix,
      CACHE_PREFIX: this.cachePrefix,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      JWKS_URL: this.issuer.jwksUrl,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      ...extraEnv,
    });
    if (this.service) this.others.push(service);
    await waitUntil(() => service.platform.broker.isConnected(), { message: 'service broker connected' });
    return service;
  }

  async stop(): Promise<void> {
    if (this.service) {
      // Only this run's keys: the cache namespaces carry the run's prefix.
      for (const name of ['lists', 'tmdb']) await this.service.platform.cache(name).invalidatePrefix('').catch(() => undefined);
    }
    for (const other of this.others) await other.platform.stop();
    await this.service?.platform.stop();
    await this.observer.stop(this.service?.platform.broker, ...this.others.map((o) => o.platform.broker));
    await this.issuer.stop();
    await this.db?.drop();
  }

  get pool(): pg.Pool {
    return this.service.platform.pool;
  }

  /** A signed-in user (a fresh id unless `sub` is given). */
  user(sub?: string) {
    return this.issuer.issue({ role: 'user', sub });
  }

  /** `base` sends the call to another replica (see `startInstance`) instead of the main one. */
  async call<T = any>(method: string, path: string, options: { body?: unknown; token?: string; base?: string } = {}): Promise<Answer<T>> {
    const { base, ...rest } = options;
    return callJson<T>(base ?? this.service.url, method, path, rest);
  }

  /** Creates a movie as an admin (must succeed) and returns its JSON. */
  async createMovie(overrides: Record<string, unknown> = {}): Promise<any> {
    counter += 1;
    const res = await this.call('POST', '/api/movies', {
      token: this.admin,
      body: { title: `Film ${counter} ${randomUUID().slice(0, 6)}`, year: 2001, synopsis: 'A film made for a test.', genres: ['Drama'], ...overrides },
    });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Publishes an event as another service would, and waits until this service has handled it. */
  async deliver<K extends EventTypeName>(type: K, data: EventData<K>, options: { time?: Date; id?: string } = {}): Promise<DomainEvent<K>> {
    const event = createEvent(type, data, { source: type.split('.')[0] === 'review' ? 'reviews' : 'users', time: options.time, id: options.id });
    await this.observer.publishEvent(event);
    await this.handled(event.id);
    return event;
  }

  /** Waits until the service has handled `eventId` (it is in the inbox, so its effect is committed). */
  async handled(eventId: string): Promise<void> {
    await waitUntil(async () => (await this.pool.query('SELECT 1 FROM inbox WHERE event_id = $1', [eventId])).rowCount === 1, {
      message: `event ${eventId} handled`,
    });
  }

  /** How many deliveries the service's consumer acked (handled or skipped as duplicates). */
  async acked(): Promise<number> {
    const metrics = await this.service.platform.registry.getMetricsAsJSON();
    const metric = metrics.find((m) => m.name === 'messaging_messages_acked_total');
    const values = (metric?.values ?? []) as { value: number; labels: Record<string, string | number> }[];
    return values.filter((v) => v.labels.queue === 'movies').reduce((sum, v) => sum + v.value, 0);
  }

  /** The first movie event of `type` whose data matches, already seen or within 10 s. */
  event<K extends EventTypeName>(type: K, match: (data: EventData<K>) => boolean) {
    return this.observer.waitFor(type, match);
  }

  /**
   * Records the SQL text of every query the service's pool runs from now on (through `pool.query`
   * or a checked-out client), until `stop()`. The outbox relay's own polling shows up too; filter.
   */
  watchQueries(pool: pg.Pool = this.pool): { texts: string[]; stop(): void } {
    const texts: string[] = [];
    const patched = new Map<pg.PoolClient, pg.PoolClient['query']>();
    const onAcquire = (client: pg.PoolClient) => {
      if (patched.has(client)) return;
      const original = client.query;
      patched.set(client, original);
      client.query = function (this: pg.PoolClient, ...args: unknown[]) {
        const first = args[0] as string | { text?: string };
        texts.push(typeof first === 'string' ? first : (first?.text ?? ''));
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } as pg.PoolClient['query'];
    };
    pool.on('acquire', onAcquire);
    return {
      texts,
      stop() {
        pool.off('acquire', onAcquire);
        for (const [client, original] of patched) client.query = original;
      },
    };
  }
}
