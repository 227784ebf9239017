import { averageRating, type CastMember, type Certification, type Kind, type Movie } from './movie';

// The `movies` row as every repository reads it (catalogue, search, lists, favourites, history,
// recommendations), and the SQL fragments they share.

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

/** The kind, genre and year conditions on `m`, their values appended to `params`. */
export function movieConditions(filter: { kind?: Kind; genre?: string; year?: number }, params: unknown[]): string[] {
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
