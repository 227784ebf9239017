import type { EventData, EventTypeName } from '@marquee/contracts';
import type { Logger } from '@marquee/core';
import type { Queryable } from '@marquee/postgres';
import type { MoviesRepository } from '../data/movies.repository';
import type { ReviewsRepository } from '../data/reviews.repository';

/** What the domain needs from the platform and the data layer (wired in app.ts). */
export interface ReviewsDeps {
  db: Queryable;
  transaction<T>(fn: (client: Queryable) => Promise<T>): Promise<T>;
  /** Writes the event to the outbox in `client`'s transaction. */
  publish<K extends EventTypeName>(client: Queryable, type: K, data: EventData<K>): Promise<unknown>;
  logger: Logger;
  reviews: ReviewsRepository;
  movies: MoviesRepository;
}
