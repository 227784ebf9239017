import { upsertNewerFact, type Db } from '@marquee/service';
import type { KnownMovie, KnownMoviesStore, MovieFact } from '../domain/movie';

/** The read model of movies (table `movies`), fed by movie events and the movies service. */
export class KnownMoviesRepository implements KnownMoviesStore {
  apply(db: Db, fact: MovieFact): Promise<boolean> {
    return upsertNewerFact(
      db,
      'movies',
      { movie_id: fact.movie_id },
      { title: fact.title, runtime: fact.runtime, is_series: fact.is_series, deleted: fact.deleted },
      fact.at,
      { timeColumn: 'updated_at', sameInstant: { prefer: 'deleted' }, touch: ['received_at'] },
    );
  }

  async find(db: Db, movieId: string, lock = false): Promise<KnownMovie | null> {
    const { rows } = await db.query<KnownMovie>(
      `SELECT movie_id, title, runtime, is_series, deleted FROM movies WHERE movie_id = $1${lock ? ' FOR SHARE' : ''}`,
      [movieId],
    );
    return rows[0] ?? null;
  }

  async backfilled(db: Db): Promise<boolean> {
    const { rows } = await db.query<{ done: boolean }>('SELECT EXISTS (SELECT 1 FROM movie_backfill) AS done');
    return rows[0]?.done ?? false;
  }

  async markBackfilled(db: Db, movies: number): Promise<void> {
    await db.query('INSERT INTO movie_backfill (movies) VALUES ($1) ON CONFLICT (singleton) DO NOTHING', [movies]);
  }
}
