import type { Queryable } from '@marquee/postgres';
import { upsertNewerFact } from '@marquee/service';
import type { KnownMoviesStore, MovieFact } from '../domain/known-movies.store';
import type { KnownMovie } from '../domain/review';

/** The read model of movies (table `movies`), fed by movie events. */
export class KnownMoviesRepository implements KnownMoviesStore {
  apply(db: Queryable, fact: MovieFact): Promise<boolean> {
    return upsertNewerFact(db, 'movies', { movie_id: fact.movie_id }, { title: fact.title, deleted: fact.deleted }, fact.at, {
      timeColumn: 'updated_at',
      sameInstant: { prefer: 'deleted' },
      touch: ['received_at'],
    });
  }

  /** `lock` takes a share lock: a deletion being applied meanwhile waits for the caller's transaction. */
  async find(db: Queryable, movieId: string, lock = false): Promise<KnownMovie | null> {
    const { rows } = await db.query<KnownMovie>(
      `SELECT movie_id, title, deleted, updated_at FROM movies WHERE movie_id = $1${lock ? ' FOR SHARE' : ''}`,
      [movieId],
    );
    return rows[0] ?? null;
  }
}
