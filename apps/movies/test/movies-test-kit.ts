/* eslint-disable @typescript-eslint/no-explicit-any -- answers are loosely typed JSON in tests */
// The movies service under test (ServiceTestKit: its own database, RabbitMQ and cache prefixes and
// token issuer), plus what only movies needs: admin-made films, review and user events as their
// services publish them, and a view of the SQL it runs.
import { randomUUID } from 'node:crypto';
import type { DomainEvent, EventData, EventTypeName, UserRegisteredData } from '@marquee/contracts';
import type { ServiceHandle } from '@marquee/service';
import { ServiceTestKit, type Answer, type ObserverPublishOptions } from '@marquee/testing';
import type pg from 'pg';
import { moviesService } from '../src/app';

export type MoviesServiceHandle = ServiceHandle<typeof moviesService>;

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

export class MoviesTestKit extends ServiceTestKit<MoviesServiceHandle> {
  admin!: string;

  constructor() {
    super(moviesService, { observe: ['movie.#'] });
  }

  override async start(extraEnv: Record<string, string> = {}): Promise<void> {
    await super.start(extraEnv);
    this.admin = this.user('admin').token;
  }

  override async stop(): Promise<void> {
    // Only this run's keys: the cache namespaces carry the run's prefix.
    if (this.handle) for (const name of ['lists', 'tmdb']) await this.handle.platform.cache(name).invalidatePrefix('').catch(() => undefined);
    await super.stop();
  }

  /** The running service (its platform, url and `api`: catalogue and search). */
  get service(): MoviesServiceHandle {
    return this.handle;
  }

  /** Another replica of the service on the same database, bus and cache (stopped by `stop`). */
  startInstance(extraEnv: Record<string, string> = {}): Promise<MoviesServiceHandle> {
    return this.startReplica(extraEnv);
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

  /** Publishes a review or user event as its service would, and waits until this service handled it. */
  override deliver<K extends EventTypeName>(type: K, data: EventData<K>, options: ObserverPublishOptions = {}): Promise<DomainEvent<K>> {
    return super.deliver(type, data, { source: type.startsWith('review.') ? 'reviews' : 'users', ...options });
  }

  /** How many deliveries the service's consumer acked (handled or skipped as duplicates). */
  async acked(): Promise<number> {
    const metrics = await this.handle.platform.registry.getMetricsAsJSON();
    const metric = metrics.find((m) => m.name === 'messaging_messages_acked_total');
    const values = (metric?.values ?? []) as { value: number; labels: Record<string, string | number> }[];
    return values.filter((v) => v.labels.queue === 'movies').reduce((sum, v) => sum + v.value, 0);
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
