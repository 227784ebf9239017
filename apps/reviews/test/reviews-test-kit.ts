/* eslint-disable @typescript-eslint/no-explicit-any -- answers are loosely typed JSON in tests */
// Starts the reviews service the way main.ts does, against a database of its own, a RabbitMQ
// prefix of its own and a test token issuer, plus a second broker connection that plays the
// movies service (publishes movie events) and watches the review events the service publishes.
import { randomUUID } from 'node:crypto';
import { createEvent, type DomainEvent, type EventData, type EventTypeName, type MovieUpdatedData } from '@marquee/contracts';
import { callJson, createMigratedTestDatabase, EventObserver, freePort, TEST_AMQP_URL, TestIssuer, uniquePrefix, waitUntil, type Answer, type TestDatabase } from '@marquee/testing';
import { REVIEWS_MIGRATIONS, startReviewsService, type ReviewsServiceHandle } from '../src/app';

export type { Answer };

export interface MovieRow {
  movie_id: string;
  title: string;
  deleted: boolean;
  updated_at: Date;
}

type MovieEventType = 'movie.created' | 'movie.updated' | 'movie.deleted';

export class ReviewsTestKit {
  service!: ReviewsServiceHandle;
  db!: TestDatabase;
  readonly issuer = new TestIssuer();
  readonly prefix = uniquePrefix('reviews');
  readonly observer = new EventObserver({ prefix: this.prefix, bindings: ['review.#'] });
  /** Every review event the service published, in order. */
  readonly events = this.observer.events;
  private titles = 0;

  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    this.db = await createMigratedTestDatabase('reviews', REVIEWS_MIGRATIONS);
    const jwksUrl = await this.issuer.start();
    this.service = await startReviewsService({
      REVIEWS_DATABASE_URL: this.db.url,
      AMQP_URL: TEST_AMQP_URL,
      AMQP_PREFIX: this.prefix,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      JWKS_URL: jwksUrl,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      EVENT_RETRY_DELAYS_MS: '100,200',
      ...extraEnv,
    });
    await waitUntil(() => this.service.platform.broker.isConnected(), { message: 'service broker connected' });
    await this.observer.start();
  }

  async stop(): Promise<void> {
    await this.service?.platform.stop();
    await this.observer.stop(this.service?.platform.broker);
    await this.issuer.stop();
    await this.db?.drop();
  }

  /** A signed-in user (a fresh id unless `sub` is given). */
  user(role: 'user' | 'admin' = 'user', sub?: string) {
    return this.issuer.issue({ role, sub });
  }

  /** `rawBody` is sent as is, labelled JSON (for malformed bodies). */
  async call<T = any>(method: string, path: string, options: { body?: unknown; token?: string; rawBody?: string } = {}): Promise<Answer<T>> {
    return callJson<T>(this.service.url, method, path, options);
  }

  /** The envelope of a movie event, as the movies service would publish it. */
  movieEvent<K extends MovieEventType>(type: K, movieId: string, overrides: { title?: string; time?: Date } = {}): DomainEvent<K> {
    const data: MovieUpdatedData = {
      movie_id: movieId,
      title: overrides.title ?? `Movie ${movieId.slice(0, 8)}`,
      year: 1999,
      release_date: '1999-03-31',
      runtime: 136,
      genres: ['Science Fiction'],
      language: 'en',
      poster_url: null,
      tmdb_id: null,
      is_series: false,
      deleted: type === 'movie.deleted',
    };
    // createEvent checks the data against the contract of `type` (deleted true only for movie.deleted).
    return createEvent(type, data as EventData<K>, { source: 'movies', time: overrides.time });
  }

  /** Publishes an envelope on the bus, the way the movies service's outbox relay does. */
  publishEvent(event: DomainEvent): Promise<void> {
    return this.observer.publishEvent(event);
  }

  async movieRow(movieId: string): Promise<MovieRow | undefined> {
    const { rows } = await this.service.platform.pool.query<MovieRow>('SELECT movie_id, title, deleted, updated_at FROM movies WHERE movie_id = $1', [movieId]);
    return rows[0];
  }

  /** Waits until the service has handled `eventId` (it is in the inbox, so its effect is committed). */
  async handled(eventId: string): Promise<void> {
    await waitUntil(
      async () => (await this.service.platform.pool.query('SELECT 1 FROM inbox WHERE event_id = $1', [eventId])).rowCount === 1,
      { message: `event ${eventId} handled` },
    );
  }

  /** How many deliveries the service's event consumer has acked (handled or skipped as duplicates). */
  async acked(): Promise<number> {
    const metrics = await this.service.platform.registry.getMetricsAsJSON();
    const metric = metrics.find((m) => m.name === 'messaging_messages_acked_total');
    const values = (metric?.values ?? []) as { value: number; labels: Record<string, string | number> }[];
    return values.filter((v) => v.labels.queue === 'reviews').reduce((sum, v) => sum + v.value, 0);
  }

  /** Announces a new movie and waits until the service knows it. */
  async knownMovie(title?: string): Promise<string> {
    const movieId = randomUUID();
    this.titles += 1;
    const event = this.movieEvent('movie.created', movieId, { title: title ?? `Test movie ${this.titles}` });
    await this.publishEvent(event);
    await this.handled(event.id);
    return movieId;
  }

  /** Announces the movie's deletion and waits until the service applied it. */
  async deleteMovie(movieId: string): Promise<void> {
    const event = this.movieEvent('movie.deleted', movieId);
    await this.publishEvent(event);
    await this.handled(event.id);
  }

  /** Posts a review that must succeed and returns its body. */
  async review(token: string, movieId: string, rating: number, comment = 'A fine film.') {
    const res = await this.call('POST', '/api/reviews', { token, body: { movie_id: movieId, rating, comment } });
    if (res.status !== 201) throw new Error(`review failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** The first event of `type` whose data matches, already seen or within 10 s. */
  event<K extends EventTypeName>(type: K, match: (data: EventData<K>) => boolean) {
    return this.observer.waitFor(type, match);
  }
}
