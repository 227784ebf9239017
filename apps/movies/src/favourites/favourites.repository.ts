import type { Bounds, Slice } from '@marquee/contracts';
import { pagedQuery, type Queryable } from '@marquee/postgres';
import { MOVIE_COLUMNS, toMovie, type MovieRow } from '../movie/movie-row';
import type { Favourite, FavouriteStore } from './favourites.store';

export class FavouritesRepository implements FavouriteStore {
  /** Adds the favourite; null when it was already there (the primary key decides, not a lookup). */
  async add(db: Queryable, userId: string, movieId: string): Promise<{ created_at: string } | null> {
    const { rows } = await db.query<{ created_at: Date }>(
      `INSERT INTO favourites (user_id, movie_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING created_at`,
      [userId, movieId],
    );
    return rows[0] ? { created_at: rows[0].created_at.toISOString() } : null;
  }

  async find(db: Queryable, userId: string, movieId: string): Promise<{ created_at: string } | null> {
    const { rows } = await db.query<{ created_at: Date }>('SELECT created_at FROM favourites WHERE user_id = $1 AND movie_id = $2', [userId, movieId]);
    return rows[0] ? { created_at: rows[0].created_at.toISOString() } : null;
  }

  async remove(db: Queryable, userId: string, movieId: string): Promise<boolean> {
    const { rowCount } = await db.query('DELETE FROM favourites WHERE user_id = $1 AND movie_id = $2', [userId, movieId]);
    return (rowCount ?? 0) > 0;
  }

  /** My favourites that are still in the catalogue, newest first. */
  async list(db: Queryable, userId: string, bounds: Bounds): Promise<Slice<Favourite>> {
    const { items, total } = await pagedQuery<MovieRow & { favourited_at: Date }>(
      db,
      {
        sql: `SELECT ${MOVIE_COLUMNS}, f.created_at AS favourited_at
              FROM favourites f JOIN movies m ON m.id = f.movie_id AND m.deleted_at IS NULL
              WHERE f.user_id = $1`,
        params: [userId],
        orderBy: 'favourited_at DESC, id',
      },
      bounds,
    );
    return { items: items.map((row) => ({ movie: toMovie(row), favourited_at: row.favourited_at.toISOString() })), total };
  }

  /** Which of `movieIds` I have favourited. */
  async favouredAmong(db: Queryable, userId: string, movieIds: readonly string[]): Promise<Set<string>> {
    if (movieIds.length === 0) return new Set();
    const { rows } = await db.query<{ movie_id: string }>('SELECT movie_id FROM favourites WHERE user_id = $1 AND movie_id = ANY ($2::uuid[])', [
      userId,
      movieIds,
    ]);
    return new Set(rows.map((r) => r.movie_id));
  }
}
