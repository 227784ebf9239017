import { ErrorCode } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import { isUniqueViolation, type Queryable } from '@marquee/postgres';
import type { Movie, MovieChanges, MovieInput } from '../movie/movie';
import { MOVIE_COLUMNS, toMovie, type MovieRow } from '../movie/movie-row';
import type { MovieStore } from './movies.store';

// Fixed list, never from the request: the columns an update may set, and how each is written.
// `kind` is not among them: a film stays a film (its tmdb_id lives in TMDb's film numbering).
const UPDATABLE: Record<keyof MovieChanges, { column: string; cast?: string; encode?: (v: unknown) => unknown }> = {
  title: { column: 'title' },
  year: { column: 'year' },
  synopsis: { column: 'synopsis' },
  release_date: { column: 'release_date', cast: 'date' },
  runtime: { column: 'runtime' },
  genres: { column: 'genres', cast: 'text[]' },
  cast: { column: 'cast_members', cast: 'jsonb', encode: (v) => JSON.stringify(v) },
  poster_url: { column: 'poster_url' },
  backdrop_url: { column: 'backdrop_url' },
  language: { column: 'language' },
  certification: { column: 'certification' },
  popularity: { column: 'popularity' },
  tmdb_id: { column: 'tmdb_id' },
  homepage: { column: 'homepage' },
  network_logo: { column: 'network_logo' },
};

const INSERT_COLUMNS = `id, title, year, synopsis, release_date, runtime, genres, cast_members, poster_url, backdrop_url,
  language, certification, popularity, tmdb_id, kind, homepage, network_logo`;
const INSERT_VALUES = `$1, $2, $3, $4, $5::date, $6, $7::text[], $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16, $17`;

function insertParams(id: string, m: MovieInput): unknown[] {
  return [
    id,
    m.title,
    m.year,
    m.synopsis,
    m.release_date,
    m.runtime,
    m.genres,
    JSON.stringify(m.cast),
    m.poster_url,
    m.backdrop_url,
    m.language,
    m.certification,
    m.popularity,
    m.tmdb_id,
    m.kind,
    m.homepage,
    m.network_logo,
  ];
}

/** The catalogue entries: writes (by an admin, the seed or an import), reads by id, statistics. */
export class MoviesRepository implements MovieStore {
  /** A new entry; 409 when another entry of its kind has its `tmdb_id`. */
  async insert(db: Queryable, id: string, movie: MovieInput): Promise<Movie> {
    const { rows } = await refusingTmdbTwice(
      db.query<MovieRow>(`INSERT INTO movies AS m (${INSERT_COLUMNS}) VALUES (${INSERT_VALUES}) RETURNING ${MOVIE_COLUMNS}`, insertParams(id, movie)),
    );
    return toMovie(rows[0] as MovieRow);
  }

  /**
   * Inserts, or updates the entry of the same kind with the same `tmdb_id`. Null when that entry
   * was deleted: an import does not bring back what an admin removed.
   */
  async upsertByTmdbId(db: Queryable, id: string, movie: MovieInput): Promise<{ movie: Movie; created: boolean } | null> {
    const sets = (Object.keys(UPDATABLE) as (keyof MovieChanges)[])
      .filter((key) => key !== 'tmdb_id')
      .map((key) => `${UPDATABLE[key].column} = EXCLUDED.${UPDATABLE[key].column}`);
    // xmax is 0 on a freshly inserted row version and set on an updated one: the documented way
    // to tell which branch an upsert took in one statement.
    const { rows } = await db.query<MovieRow & { created: boolean }>(
      `INSERT INTO movies AS m (${INSERT_COLUMNS}) VALUES (${INSERT_VALUES})
       ON CONFLICT (kind, tmdb_id) DO UPDATE SET ${sets.join(', ')}, updated_at = now()
       WHERE m.deleted_at IS NULL
       RETURNING ${MOVIE_COLUMNS}, (m.xmax = 0) AS created`,
      insertParams(id, movie),
    );
    const row = rows[0];
    return row ? { movie: toMovie(row), created: row.created } : null;
  }

  async findById(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<Movie | null> {
    const { rows } = await db.query<MovieRow>(
      `SELECT ${MOVIE_COLUMNS} FROM movies m WHERE m.id = $1 AND m.deleted_at IS NULL${options.forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toMovie(rows[0]) : null;
  }

  async exists(db: Queryable, id: string): Promise<boolean> {
    const { rowCount } = await db.query('SELECT 1 FROM movies WHERE id = $1 AND deleted_at IS NULL', [id]);
    return (rowCount ?? 0) > 0;
  }

  /** Applies `changes` to a movie that is not deleted; null when there is none, 409 when the new `tmdb_id` is taken. */
  async update(db: Queryable, id: string, changes: MovieChanges): Promise<Movie | null> {
    const entries = (Object.keys(changes) as (keyof MovieChanges)[]).filter((key) => changes[key] !== undefined);
    const params: unknown[] = [id];
    const sets = entries.map((key) => {
      const spec = UPDATABLE[key];
      if (!spec) throw new Error(`not an updatable field: ${key}`);
      params.push(spec.encode ? spec.encode(changes[key]) : changes[key]);
      return `${spec.column} = $${params.length}${spec.cast ? `::${spec.cast}` : ''}`;
    });
    const { rows } = await refusingTmdbTwice(
      db.query<MovieRow>(
        `UPDATE movies AS m SET ${[...sets, 'updated_at = now()'].join(', ')}
         WHERE m.id = $1 AND m.deleted_at IS NULL RETURNING ${MOVIE_COLUMNS}`,
        params,
      ),
    );
    return rows[0] ? toMovie(rows[0]) : null;
  }

  async softDelete(db: Queryable, id: string): Promise<Movie | null> {
    const { rows } = await db.query<MovieRow>(
      `UPDATE movies AS m SET deleted_at = now(), updated_at = now()
       WHERE m.id = $1 AND m.deleted_at IS NULL RETURNING ${MOVIE_COLUMNS}`,
      [id],
    );
    return rows[0] ? toMovie(rows[0]) : null;
  }

  /**
   * Fresh planner statistics for the catalogue after a bulk load (demo seed, TMDb import), so the
   * search plans fit the rows that are there rather than an empty table. `genres` is filled by the
   * migration and too small for autovacuum to ever analyse it.
   */
  async analyze(db: Queryable): Promise<void> {
    await db.query('ANALYZE movies, genres');
  }

  /** Every movie ever stored, deleted ones included. */
  async countAll(db: Queryable): Promise<number> {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM movies');
    return rows[0]?.n ?? 0;
  }
}

/** Another entry of the same kind already has this TMDb id: the one constraint a write can break. */
async function refusingTmdbTwice<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isUniqueViolation(error, 'movies_kind_tmdb_id_key')) throw AppError.conflict(ErrorCode.CONFLICT, 'Another entry of this kind has this tmdb_id');
    throw error;
  }
}
