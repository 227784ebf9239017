import type { Queryable } from '@marquee/postgres';
import { averageRating, type CastMember, type Certification, type Kind, type Movie, type MovieChanges, type MovieInput } from '../domain/movie';
import { POPULAR, RECOMMENDATION, TRENDING } from '../domain/scoring';
import type { SearchTerms } from '../domain/search-terms';

/** Today in UTC, the calendar every date comparison of the service uses. */
export const TODAY_SQL = `(now() AT TIME ZONE 'UTC')::date`;

/** The columns `toMovie` reads, from a `movies` row aliased `m`. */
export const MOVIE_COLUMNS = `m.id, m.kind, m.title, m.year, m.synopsis, to_char(m.release_date, 'YYYY-MM-DD') AS release_date, m.runtime,
  m.genres, m.cast_members, m.poster_url, m.backdrop_url, m.language, m.certification, m.popularity, m.rating_sum,
  m.rating_count, m.tmdb_id, m.homepage, m.network_logo`;

export interface MovieRow {
  id: string;
  kind: Kind;
  title: string;
  year: number | null;
  synopsis: string;
  release_date: string | null;
  runtime: number | null;
  genres: string[];
  cast_members: CastMember[];
  poster_url: string | null;
  backdrop_url: string | null;
  language: string | null;
  certification: Certification | null;
  popularity: number;
  rating_sum: number;
  rating_count: number;
  tmdb_id: number | null;
  homepage: string | null;
  network_logo: string | null;
}

export function toMovie(row: MovieRow): Movie {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    year: row.year,
    synopsis: row.synopsis,
    release_date: row.release_date,
    runtime: row.runtime,
    genres: row.genres,
    cast: row.cast_members,
    poster_url: row.poster_url,
    backdrop_url: row.backdrop_url,
    language: row.language,
    certification: row.certification,
    popularity: row.popularity,
    rating: averageRating(row.rating_sum, row.rating_count),
    rating_count: row.rating_count,
    tmdb_id: row.tmdb_id,
    homepage: row.homepage,
    network_logo: row.network_logo,
  };
}

export type MovieSort = 'popularity' | 'rating' | 'release_date' | 'title';

export interface MovieFilter {
  /** Films or series only; both when absent. */
  kind?: Kind;
  terms?: SearchTerms;
  genre?: string;
  year?: number;
  /** Without it: relevance when searching, else popularity. */
  sort?: MovieSort;
}

export interface Bounds {
  limit: number;
  offset: number;
}

export interface Slice<T> {
  items: T[];
  total: number;
}

const SORTS: Record<MovieSort, string> = {
  popularity: 'm.popularity DESC',
  rating: 'CASE WHEN m.rating_count = 0 THEN 0 ELSE m.rating_sum::float8 / m.rating_count END DESC, m.rating_count DESC',
  // Without a release date, the year stands in for it (1 January).
  release_date: 'coalesce(m.release_date, make_date(m.year, 1, 1)) DESC NULLS LAST',
  title: 'lower(m.title) ASC',
};

/** The kind, genre and year conditions on `m`, their values appended to `params`. */
function filterConditions(filter: Pick<MovieFilter, 'kind' | 'genre' | 'year'>, params: unknown[]): string[] {
  const conditions: string[] = [];
  if (filter.kind !== undefined) {
    params.push(filter.kind);
    conditions.push(`m.kind = $${params.length}::text`);
  }
  if (filter.genre !== undefined) {
    params.push(filter.genre);
    conditions.push(`$${params.length}::text = ANY (m.genres)`);
  }
  if (filter.year !== undefined) {
    params.push(filter.year);
    conditions.push(`m.year = $${params.length}::int`);
  }
  return conditions;
}

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

/**
 * Activity of the trending window, decayed and weighted, per movie (`$1` window days, `$2`
 * half-life hours). Each user counts once per movie, with their strongest activity; a row without
 * a user is its own group (see TRENDING).
 */
const RECENT_ACTIVITY_CTE = `recent AS (
  SELECT per_user.movie_id, sum(per_user.best)::float8 AS activity
  FROM (
    SELECT a.movie_id,
           max(CASE a.kind WHEN 'view' THEN ${TRENDING.weights.view} WHEN 'favourite' THEN ${TRENDING.weights.favourite} ELSE ${TRENDING.weights.review} END
               * power(0.5, extract(epoch FROM now() - a.occurred_at)::float8 / 3600 / $2::float8)) AS best
    FROM movie_activity a
    WHERE a.occurred_at > now() - make_interval(days => $1)
    GROUP BY a.movie_id, a.user_id, CASE WHEN a.user_id IS NULL THEN a.id END
  ) AS per_user
  GROUP BY per_user.movie_id
)`;

export class MoviesRepository {
  async insert(db: Queryable, id: string, movie: MovieInput): Promise<Movie> {
    const { rows } = await db.query<MovieRow>(
      `INSERT INTO movies AS m (${INSERT_COLUMNS}) VALUES (${INSERT_VALUES}) RETURNING ${MOVIE_COLUMNS}`,
      insertParams(id, movie),
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

  /** Applies `changes` to a movie that is not deleted; null when there is none. */
  async update(db: Queryable, id: string, changes: MovieChanges): Promise<Movie | null> {
    const entries = (Object.keys(changes) as (keyof MovieChanges)[]).filter((key) => changes[key] !== undefined);
    const params: unknown[] = [id];
    const sets = entries.map((key) => {
      const spec = UPDATABLE[key];
      if (!spec) throw new Error(`not an updatable field: ${key}`);
      params.push(spec.encode ? spec.encode(changes[key]) : changes[key]);
      return `${spec.column} = $${params.length}${spec.cast ? `::${spec.cast}` : ''}`;
    });
    const { rows } = await db.query<MovieRow>(
      `UPDATE movies AS m SET ${[...sets, 'updated_at = now()'].join(', ')}
       WHERE m.id = $1 AND m.deleted_at IS NULL RETURNING ${MOVIE_COLUMNS}`,
      params,
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

  /** Filtered, searched and sorted; deleted movies never appear. */
  async list(db: Queryable, filter: MovieFilter, bounds: Bounds): Promise<Slice<Movie>> {
    return filter.terms ? this.search(db, filter.terms, filter, bounds) : this.browse(db, filter, bounds);
  }

  /** The catalogue without a search text: filters, sort, page and total. */
  private async browse(db: Queryable, filter: MovieFilter, bounds: Bounds): Promise<Slice<Movie>> {
    const params: unknown[] = [];
    const where = ['m.deleted_at IS NULL', ...filterConditions(filter, params)];
    const whereSql = where.join(' AND ');
    const order = [SORTS[filter.sort ?? 'popularity'], 'm.id'];
    const [page, count] = await Promise.all([
      db.query<MovieRow>(
        `SELECT ${MOVIE_COLUMNS} FROM movies m WHERE ${whereSql} ORDER BY ${order.join(', ')}
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, bounds.limit, bounds.offset],
      ),
      db.query<{ n: number }>(`SELECT count(*)::int AS n FROM movies m WHERE ${whereSql}`, params),
    ]);
    return { items: page.rows.map(toMovie), total: count.rows[0]?.n ?? 0 };
  }

  /**
   * Search in two steps, in one statement. First what indexes answer cheaply: full text (title A,
   * genres B, cast C; whole words and word prefixes such as "incep", GIN on `search_vector`) or a
   * title starting with the text (btree `text_pattern_ops`). Only when that finds nothing, the
   * trigram comparison of every title with the text, for typos ("godfater"). The total comes with
   * the page (`count(*) OVER ()`); a page past the end counts separately.
   */
  private async search(db: Queryable, terms: SearchTerms, filter: MovieFilter, bounds: Bounds): Promise<Slice<Movie>> {
    // $1 text, $2 prefix tsquery, $3 title LIKE pattern, then the filters.
    const params: unknown[] = [terms.text, terms.prefixQuery, terms.titlePrefix];
    const filters = filterConditions(filter, params).map((condition) => ` AND ${condition}`).join('');
    const relevance = !filter.sort;
    // A tsquery of stop words only ("the") matches nothing, and building it makes PostgreSQL send a
    // NOTICE; to_tsvector of the same text has no lexeme exactly then and is silent, so it guards
    // each tsquery (NULL: that arm is skipped). With the text known at planning, the CASE folds.
    const found = `WITH terms AS (
        SELECT CASE WHEN length(to_tsvector('english', $1::text)) > 0 THEN websearch_to_tsquery('english', $1::text) END AS words,
               CASE WHEN length(to_tsvector('english', $2::text)) > 0 THEN to_tsquery('english', $2::text) END AS prefixes
      ),
      cheap AS (
        SELECT m.id, ${relevance ? `coalesce(ts_rank(m.search_vector, t.words), 0) + 0.5 * coalesce(ts_rank(m.search_vector, t.prefixes), 0) + 0.5 * similarity(lower(m.title), $1::text)` : '0'} AS rank
        FROM movies m, terms t
        WHERE m.deleted_at IS NULL${filters}
          AND (m.search_vector @@ t.words OR m.search_vector @@ t.prefixes OR lower(m.title) LIKE $3::text)
      ),
      fuzzy AS (
        SELECT m.id, ${relevance ? 'similarity(lower(m.title), $1::text)' : '0'} AS rank
        FROM movies m
        WHERE NOT EXISTS (SELECT FROM cheap) AND m.deleted_at IS NULL${filters}
          AND (lower(m.title) % $1::text OR $1::text <% lower(m.title))
      ),
      found AS (SELECT id, rank FROM cheap UNION ALL SELECT id, rank FROM fuzzy)`;
    const order = relevance ? ['(lower(m.title) = $1::text) DESC', 'f.rank DESC', SORTS.popularity, 'm.id'] : [SORTS[filter.sort ?? 'popularity'], 'm.id'];
    const { rows } = await db.query<MovieRow & { total: number }>(
      `${found}
       SELECT ${MOVIE_COLUMNS}, count(*) OVER ()::int AS total
       FROM found f JOIN movies m ON m.id = f.id
       ORDER BY ${order.join(', ')}
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, bounds.limit, bounds.offset],
    );
    if (rows.length === 0 && bounds.offset > 0) {
      const count = await db.query<{ n: number }>(`${found} SELECT count(*)::int AS n FROM found`, params);
      return { items: [], total: count.rows[0]?.n ?? 0 };
    }
    return { items: rows.map(toMovie), total: rows[0]?.total ?? 0 };
  }

  /** Released entries by popularity blended with recent activity (see POPULAR); `kind` keeps films or series only. */
  async popular(db: Queryable, bounds: Bounds, kind?: Kind): Promise<Slice<Movie>> {
    const released = (params: unknown[]) =>
      [`m.deleted_at IS NULL AND (m.release_date IS NULL OR m.release_date <= ${TODAY_SQL})`, ...filterConditions({ kind }, params)].join(' AND ');
    // $1 window days, $2 half-life hours, $3 activity weight, $4 limit, $5 offset, then the kind.
    const pageParams: unknown[] = [TRENDING.windowDays, TRENDING.halfLifeHours, POPULAR.activityWeight, bounds.limit, bounds.offset];
    const pageWhere = released(pageParams);
    const countParams: unknown[] = [];
    const countWhere = released(countParams);
    const [page, count] = await Promise.all([
      db.query<MovieRow>(
        `WITH ${RECENT_ACTIVITY_CTE}
         SELECT ${MOVIE_COLUMNS} FROM movies m LEFT JOIN recent r ON r.movie_id = m.id
         WHERE ${pageWhere}
         ORDER BY ln(1 + m.popularity) + $3 * ln(1 + coalesce(r.activity, 0)) DESC, m.id
         LIMIT $4 OFFSET $5`,
        pageParams,
      ),
      db.query<{ n: number }>(`SELECT count(*)::int AS n FROM movies m WHERE ${countWhere}`, countParams),
    ]);
    return { items: page.rows.map(toMovie), total: count.rows[0]?.n ?? 0 };
  }

  /** Entries with activity in the trending window, by decayed, weighted activity (see TRENDING). */
  async trending(db: Queryable, bounds: Bounds, kind?: Kind): Promise<Slice<Movie>> {
    // $1 window days, $2 half-life hours, $3 the kind or null for both.
    const ranked = `ranked AS (
         SELECT m.id, r.activity, count(*) OVER () AS total
         FROM recent r JOIN movies m ON m.id = r.movie_id AND m.deleted_at IS NULL AND ($3::text IS NULL OR m.kind = $3::text)
       )`;
    const params = [TRENDING.windowDays, TRENDING.halfLifeHours, kind ?? null];
    const { rows } = await db.query<MovieRow & { total: number }>(
      `WITH ${RECENT_ACTIVITY_CTE}, ${ranked}
       SELECT ${MOVIE_COLUMNS}, ranked.total::int AS total
       FROM ranked JOIN movies m ON m.id = ranked.id
       ORDER BY ranked.activity DESC, m.popularity DESC, m.id
       LIMIT $4 OFFSET $5`,
      [...params, bounds.limit, bounds.offset],
    );
    if (rows.length === 0 && bounds.offset > 0) {
      const count = await db.query<{ n: number }>(`WITH ${RECENT_ACTIVITY_CTE}, ${ranked} SELECT count(*)::int AS n FROM ranked`, params);
      return { items: [], total: count.rows[0]?.n ?? 0 };
    }
    return { items: rows.map(toMovie), total: rows[0]?.total ?? 0 };
  }

  /** Entries released (first aired) after today, soonest first. */
  async comingSoon(db: Queryable, bounds: Bounds, kind?: Kind): Promise<Slice<Movie>> {
    const params: unknown[] = [];
    const upcoming = [`m.deleted_at IS NULL AND m.release_date > ${TODAY_SQL}`, ...filterConditions({ kind }, params)].join(' AND ');
    const [page, count] = await Promise.all([
      db.query<MovieRow>(
        `SELECT ${MOVIE_COLUMNS} FROM movies m WHERE ${upcoming} ORDER BY m.release_date, m.popularity DESC, m.id
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, bounds.limit, bounds.offset],
      ),
      db.query<{ n: number }>(`SELECT count(*)::int AS n FROM movies m WHERE ${upcoming}`, params),
    ]);
    return { items: page.rows.map(toMovie), total: count.rows[0]?.n ?? 0 };
  }

  /** Up to `limit` entries of the same kind sharing genres or cast with `movieId`, most shared first. */
  async similar(db: Queryable, movieId: string, limit: number): Promise<Movie[]> {
    const { rows } = await db.query<MovieRow>(
      `SELECT ${MOVIE_COLUMNS}
       FROM movies m, (SELECT kind, genres, cast_names FROM movies WHERE id = $1) AS source
       WHERE m.deleted_at IS NULL AND m.id <> $1 AND m.kind = source.kind
         AND (m.genres && source.genres OR m.cast_names && source.cast_names)
       ORDER BY $2::float8 * shared_count(m.genres, source.genres) + $3::float8 * shared_count(m.cast_names, source.cast_names) DESC,
                m.popularity DESC, m.id
       LIMIT $4`,
      [movieId, RECOMMENDATION.sharedGenre, RECOMMENDATION.sharedCast, limit],
    );
    return rows.map(toMovie);
  }
}
