import type { Queryable } from '@marquee/postgres';
import type { KnownMovie } from '../domain/review';

export interface MovieFact {
  movie_id: string;
  title: string;
  deleted: boolean;
  /** When the fact was true: the event's `time`. */
  at: Date;
}

/** The read model of movies, fed by movie events. */
export class MoviesRepository {
  /**
   * Inserts or replaces the movie unless the row already holds a newer fact (events may arrive out
   * of order after retries). At the same instant a deletion wins. True when the row changed.
   */
  async apply(db: Queryable, fact: MovieFact): Promise<boolean> {
    const { rowCount } = await db.query(
      `INSERT INTO movies (movie_id, title, deleted, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (movie_id) DO UPDATE
         SET title = EXCLUDED.title, deleted = EXCLUDED.deleted, updated_at = EXCLUDED.updated_at, received_at = now()
         WHERE movies.updated_at < EXCLUDED.updated_at OR (movies.updated_at = EXCLUDED.updated_at AND EXCLUDED.deleted AND NOT movies.deleted)`,
      [fact.movie_id, fact.title, fact.deleted, fact.at],
    );
    return rowCount === 1;
  }

  /**
   * The movie, or null when no event named it. `lock` takes a share lock, so a deletion being
   * applied at the same moment waits for the caller's transaction (or the caller waits for it).
   */
  async find(db: Queryable, movieId: string, lock = false): Promise<KnownMovie | null> {
    const { rows } = await db.query<KnownMovie>(
      `SELECT movie_id, title, deleted, updated_at FROM movies WHERE movie_id = $1${lock ? ' FOR SHARE' : ''}`,
      [movieId],
    );
    return rows[0] ?? null;
  }
}
