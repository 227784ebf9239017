import type { Queryable } from '@marquee/postgres';

export interface RatingFact {
  review_id: string;
  user_id: string;
  movie_id: string;
  rating: number;
  deleted: boolean;
  /** The event's time: an older fact never overwrites a newer one. */
  at: Date;
}

/** Each review's rating (from review events), and the movie aggregates computed from them. */
export class RatingsRepository {
  /**
   * Records what a review event says about one review, unless a newer event already did.
   * Resolves whether anything changed.
   */
  async apply(db: Queryable, fact: RatingFact): Promise<boolean> {
    const { rowCount } = await db.query(
      `INSERT INTO ratings (review_id, user_id, movie_id, rating, deleted, event_time) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (review_id) DO UPDATE
       SET rating = EXCLUDED.rating, deleted = EXCLUDED.deleted, event_time = EXCLUDED.event_time
       WHERE ratings.event_time <= EXCLUDED.event_time`,
      [fact.review_id, fact.user_id, fact.movie_id, fact.rating, fact.deleted, fact.at],
    );
    return (rowCount ?? 0) > 0;
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
