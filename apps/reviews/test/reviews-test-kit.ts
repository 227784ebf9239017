// The reviews service under test (ServiceTestKit: its own database, RabbitMQ prefix and token
// issuer), plus what only reviews needs: movie events as the movies service publishes them.
import { randomUUID } from 'node:crypto';
import { createEvent, type DomainEvent, type EventData, type MovieUpdatedData } from '@marquee/contracts';
import type { ServiceHandle } from '@marquee/service';
import { ServiceTestKit, type Answer } from '@marquee/testing';
import { reviewsService } from '../src/app';

export type { Answer };

export interface MovieRow {
  movie_id: string;
  title: string;
  deleted: boolean;
  updated_at: Date;
}

type MovieEventType = 'movie.created' | 'movie.updated' | 'movie.deleted';

export class ReviewsTestKit extends ServiceTestKit<ServiceHandle<typeof reviewsService>> {
  private titles = 0;

  constructor() {
    super(reviewsService, { observe: ['review.#'] });
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
    const { rows } = await this.pool.query<MovieRow>('SELECT movie_id, title, deleted, updated_at FROM movies WHERE movie_id = $1', [movieId]);
    return rows[0];
  }

  /** How many deliveries the service's event consumer has acked (handled or skipped as duplicates). */
  async acked(): Promise<number> {
    const metrics = await this.handle.platform.registry.getMetricsAsJSON();
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
}
