import { ErrorCode, type Bounds, type Slice } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import { isUniqueViolation, pagedQuery, type Queryable } from '@marquee/postgres';
import type { RatingDelta, RatingTotals, Review, ReviewChanges, ReviewFilter } from '../domain/review';
import { emptyTotals, RATINGS } from '../domain/review';
import type { ReviewDraft, ReviewsStore } from '../domain/reviews.store';

/** The unique constraint that allows one review per user and movie. */
const USER_MOVIE_CONSTRAINT = 'reviews_user_movie_key';

const COLUMNS = 'id, movie_id, user_id, rating, comment, created_at, updated_at';

interface StatsRow {
  count: number;
  sum: number;
  rating_1: number;
  rating_2: number;
  rating_3: number;
  rating_4: number;
  rating_5: number;
}

export class ReviewsRepository implements ReviewsStore {
  /** The unique constraint, not a lookup before the insert, decides between concurrent attempts. */
  async insert(db: Queryable, review: ReviewDraft): Promise<Review> {
    try {
      const { rows } = await db.query<Review>(
        `INSERT INTO reviews (id, movie_id, user_id, rating, comment) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
        [review.id, review.movie_id, review.user_id, review.rating, review.comment],
      );
      return rows[0] as Review;
    } catch (error) {
      if (isUniqueViolation(error, USER_MOVIE_CONSTRAINT)) {
        throw AppError.conflict(ErrorCode.ALREADY_REVIEWED, 'You have already reviewed this movie; change that review instead', {
          movie_id: review.movie_id,
        });
      }
      throw error;
    }
  }

  async findById(db: Queryable, id: string, forUpdate = false): Promise<Review | null> {
    const { rows } = await db.query<Review>(`SELECT ${COLUMNS} FROM reviews WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async update(db: Queryable, id: string, changes: ReviewChanges): Promise<Review | null> {
    const { rows } = await db.query<Review>(
      `UPDATE reviews SET rating = COALESCE($2, rating), comment = COALESCE($3, comment), updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, changes.rating ?? null, changes.comment ?? null],
    );
    return rows[0] ?? null;
  }

  async delete(db: Queryable, id: string): Promise<boolean> {
    const { rowCount } = await db.query('DELETE FROM reviews WHERE id = $1', [id]);
    return rowCount === 1;
  }

  /** A page of reviews matching `filter`, newest first, and how many match in all. */
  list(db: Queryable, filter: ReviewFilter, bounds: Bounds): Promise<Slice<Review>> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const where = (sql: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      conditions.push(sql(`$${params.length}`));
    };
    if (filter.movieId !== undefined) where((p) => `movie_id = ${p}`, filter.movieId);
    if (filter.userId !== undefined) where((p) => `user_id = ${p}`, filter.userId);
    if (filter.minRating !== undefined) where((p) => `rating >= ${p}`, filter.minRating);
    const clause = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    return pagedQuery<Review>(db, { sql: `SELECT ${COLUMNS} FROM reviews ${clause}`, params, orderBy: 'created_at DESC, id DESC' }, bounds);
  }

  /**
   * Adds `delta` to the movie's summary row, creating the row with the movie's first review. The
   * row lock of the update serialises concurrent changes to one movie's totals.
   */
  async addToStats(db: Queryable, movieId: string, delta: RatingDelta): Promise<void> {
    const d = delta.distribution;
    const values = [movieId, delta.count, delta.sum, d[1], d[2], d[3], d[4], d[5]];
    const increments = `count = s.count + $2, sum = s.sum + $3, rating_1 = s.rating_1 + $4, rating_2 = s.rating_2 + $5,
      rating_3 = s.rating_3 + $6, rating_4 = s.rating_4 + $7, rating_5 = s.rating_5 + $8, updated_at = now()`;
    const updated = await db.query(`UPDATE review_stats AS s SET ${increments} WHERE movie_id = $1`, values);
    if (updated.rowCount === 1) return;
    // No row yet, so this is a first review and the delta is all positive: PostgreSQL checks the
    // CHECK constraints on the proposed row even when it ends up updating, so a negative delta
    // could not go through here. A concurrent first review makes this an update.
    await db.query(
      `INSERT INTO review_stats AS s (movie_id, count, sum, rating_1, rating_2, rating_3, rating_4, rating_5)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (movie_id) DO UPDATE SET ${increments}`,
      values,
    );
  }

  /** The movie's totals; all zero before its first review. */
  async findStats(db: Queryable, movieId: string): Promise<RatingTotals> {
    const { rows } = await db.query<StatsRow>(
      'SELECT count, sum, rating_1, rating_2, rating_3, rating_4, rating_5 FROM review_stats WHERE movie_id = $1',
      [movieId],
    );
    const row = rows[0];
    const totals = emptyTotals();
    if (!row) return totals;
    totals.count = row.count;
    totals.sum = row.sum;
    for (const rating of RATINGS) totals.distribution[rating] = row[`rating_${rating}`];
    return totals;
  }
}
