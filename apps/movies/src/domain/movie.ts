import type { MovieCreatedData, MovieDeletedData } from '@marquee/contracts';

/** US certifications (MPA), the only ones the catalogue stores. */
export const CERTIFICATIONS = ['G', 'PG', 'PG-13', 'R', 'NC-17'] as const;
export type Certification = (typeof CERTIFICATIONS)[number];

export interface CastMember {
  name: string;
  character: string | null;
  /** Billing order, 0 first. */
  order: number;
}

/** A movie of the catalogue as the domain sees it (rating is the average of reviews, 0 when none). */
export interface Movie {
  id: string;
  title: string;
  year: number | null;
  synopsis: string;
  /** `YYYY-MM-DD`. */
  release_date: string | null;
  runtime: number | null;
  genres: string[];
  cast: CastMember[];
  poster_url: string | null;
  backdrop_url: string | null;
  language: string | null;
  certification: Certification | null;
  popularity: number;
  rating: number;
  rating_count: number;
  tmdb_id: number | null;
}

/** What a new movie is made of (by an admin, the seed or a TMDb import). */
export type MovieInput = Omit<Movie, 'id' | 'rating' | 'rating_count'>;

/** A partial change; `undefined` leaves a field as it is, `null` clears it. */
export type MovieChanges = Partial<MovieInput>;

export function isCertification(value: unknown): value is Certification {
  return typeof value === 'string' && (CERTIFICATIONS as readonly string[]).includes(value);
}

/** Average of `count` ratings summing to `sum`, to 2 decimals; 0 when there are none. */
export function averageRating(sum: number, count: number): number {
  if (count <= 0) return 0;
  return Math.round((sum / count) * 100) / 100;
}

/** The year of a `YYYY-MM-DD` date, or null. */
export function yearOf(date: string | null | undefined): number | null {
  if (!date) return null;
  const year = Number(date.slice(0, 4));
  return Number.isInteger(year) && year > 0 ? year : null;
}

/** Cast in billing order, without blank names or repeated people. */
export function normaliseCast(cast: readonly { name: string; character?: string | null; order?: number | null }[]): CastMember[] {
  const seen = new Set<string>();
  return cast
    .map((member, index) => ({ name: member.name.trim(), character: member.character?.trim() || null, order: member.order ?? index }))
    .filter((member) => member.name !== '' && !seen.has(member.name.toLowerCase()) && seen.add(member.name.toLowerCase()))
    .sort((a, b) => a.order - b.order);
}

/** The `movie.created|updated` event data for a movie that is in the catalogue. */
export function movieSnapshot(movie: Movie): MovieCreatedData {
  return {
    movie_id: movie.id,
    title: movie.title,
    year: movie.year,
    release_date: movie.release_date,
    runtime: movie.runtime,
    genres: movie.genres,
    language: movie.language,
    poster_url: movie.poster_url,
    tmdb_id: movie.tmdb_id,
    deleted: false,
  };
}

/** The `movie.deleted` event data. */
export function deletedMovieSnapshot(movie: Movie): MovieDeletedData {
  return { ...movieSnapshot(movie), deleted: true };
}
