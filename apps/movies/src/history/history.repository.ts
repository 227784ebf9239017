import type { Bounds, Slice } from '@marquee/contracts';
import { pagedQuery, type Queryable } from '@marquee/postgres';
import { MOVIE_COLUMNS, toMovie, type MovieRow } from '../movie/movie-row';
import type { ActivityKind, HistoryStore, Viewed } from './history.store';

/** Views (one row per user and movie) and the activity log trending is computed from. */
export class HistoryRepository implements HistoryStore {
  async recordView(db: Queryable, userId: string, movieId: string): Promise<{ viewed_at: string }> {
    const { rows } = await db.query<{ last_viewed_at: Date }>(
      `INSERT INTO views (user_id, movie_id) VALUES ($1, $2)
       ON CONFLICT (user_id, movie_id) DO UPDATE
       SET view_count = views.view_count + 1, last_viewed_at = greatest(views.last_viewed_at, clock_timestamp())
       RETURNING last_viewed_at`,
      [userId, movieId],
    );
    return { viewed_at: (rows[0]?.last_viewed_at ?? new Date()).toISOString() };
  }

  /**
   * One row per user, movie and kind (the latest time), so a user repeating an action refreshes
   * their row instead of adding weight to trending; activity without a user is a row each time.
   */
  async recordActivity(db: Queryable, movieId: string, kind: ActivityKind, userId: string | null, at?: Date): Promise<void> {
    await db.query(
      `INSERT INTO movie_activity (movie_id, kind, user_id, occurred_at) VALUES ($1, $2, $3, coalesce($4, now()))
       ON CONFLICT (movie_id, user_id, kind) WHERE user_id IS NOT NULL
       DO UPDATE SET occurred_at = greatest(movie_activity.occurred_at, EXCLUDED.occurred_at)`,
      [movieId, kind, userId, at ?? null],
    );
  }

  /** What I viewed and is still in the catalogue, most recently viewed first. */
  async list(db: Queryable, userId: string, bounds: Bounds): Promise<Slice<Viewed>> {
    const { items, total } = await pagedQuery<MovieRow & { last_viewed_at: Date; view_count: number }>(
      db,
      {
        sql: `SELECT ${MOVIE_COLUMNS}, v.last_viewed_at, v.view_count
              FROM views v JOIN movies m ON m.id = v.movie_id AND m.deleted_at IS NULL
              WHERE v.user_id = $1`,
        params: [userId],
        orderBy: 'last_viewed_at DESC, id',
      },
      bounds,
    );
    return { items: items.map((row) => ({ movie: toMovie(row), viewed_at: row.last_viewed_at.toISOString(), view_count: row.view_count })), total };
  }

  /** Deletes activity older than `days`; resolves how many rows went. */
  async pruneActivity(db: Queryable, days: number): Promise<number> {
    const { rowCount } = await db.query('DELETE FROM movie_activity WHERE occurred_at < now() - make_interval(days => $1)', [days]);
    return rowCount ?? 0;
  }
}
