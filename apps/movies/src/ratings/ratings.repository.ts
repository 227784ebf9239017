import type { Queryable } from '@marquee/postgres';
import { upsertNewerFact } from '@marquee/service';
import type { RatingFact, RatingStore } from './ratings.store';

/** Each review's rating (from review events), and the movie aggregates computed from them. */
export class RatingsRepository implements RatingStore {
  /**
   * Records what a review event says about one review, unless a newer event already did; an event
   * of the same instant replaces it (the later arrival wins). Resolves whether anything changed.
   */
  apply(db: Queryable, fact: RatingFact): Promise<boolean> {
    return upsertNewerFact(
      db,
      'ratings',
      { review_id: fact.review_id },
      { user_id: fact.user_id, movie_id: fact.movie_id, rating: fact.rating, deleted: fact.deleted },
      fact.at,
      { timeColumn: 'event_time', sameInstant: 'replace' },
    );
  }

  /**
   * Recomputes a movie's rating sum and count from its live reviews. Recomputing (rather than
   * adding the event's delta) keeps the aggregate right whatever order the events came in.
   */
  async refreshAggregate(db: Queryable, movieId: string): Promise<void> {
    await db.query(
      `UPDATE movies SET rating_sum = agg.total, rating_count = agg.n
       FROM (SELECT coalesce(sum(rating), 0)::int AS total, count(*)::int AS n FROM ratings WHERE movie_id = $1 AND NOT deleted) AS agg
       WHERE movies.id = $1`,
      [movieId],
    );
  }
}
