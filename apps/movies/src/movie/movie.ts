import type { MovieCreatedData, MovieDeletedData } from '@marquee/contracts';

/** US film certifications (MPA). */
export const FILM_CERTIFICATIONS = ['G', 'PG', 'PG-13', 'R', 'NC-17'] as const;
/** US TV parental guidelines, which series carry instead (ADR 0006). */
export const TV_RATINGS = ['TV-Y', 'TV-Y7', 'TV-G', 'TV-PG', 'TV-14', 'TV-MA'] as const;
/** Every certification the catalogue stores. */
export const CERTIFICATIONS = [...FILM_CERTIFICATIONS, ...TV_RATINGS] as const;
export type Certification = (typeof CERTIFICATIONS)[number];
export type FilmCertification = (typeof FILM_CERTIFICATIONS)[number];
export type TvRating = (typeof TV_RATINGS)[number];

/** A catalogue entry is a film or a series; the `type` filter of lists and search uses the same words. */
export const KINDS = ['movie', 'series'] as const;
export type Kind = (typeof KINDS)[number];

export interface CastMember {
  name: string;
  character: string | null;
  /** Billing order, 0 first. */
  order: number;
}

/**
 * An entry of the catalogue as the domain sees it, a film or a series (rating is the average of
 * reviews, 0 when none). A series has no runtime; its release date is its first air date.
 */
export interface Movie {
  id: string;
  kind: Kind;
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
  /** TMDb's id, in TMDb's film numbering for a film and its tv numbering for a series. */
  tmdb_id: number | null;
  homepage: string | null;
  /** The network's logo (series). */
  network_logo: string | null;
}

/** What a new entry is made of (by an admin, the seed or a TMDb import). */
export type MovieInput = Omit<Movie, 'id' | 'rating' | 'rating_count'>;

/** A partial change; `undefined` leaves a field as it is, `null` clears it. A film stays a film. */
export type MovieChanges = Partial<Omit<MovieInput, 'kind'>>;

export interface Episode {
  id: string;
  episode_number: number;
  season_number: number;
  name: string;
  overview: string;
  /** `YYYY-MM-DD`. */
  air_date: string | null;
  /** Minutes. */
  runtime: number | null;
  still_url: string | null;
  vote_average: number;
}

export interface Season {
  id: string;
  season_number: number;
  name: string;
  overview: string;
  air_date: string | null;
  episode_count: number;
  poster_url: string | null;
  vote_average: number;
  episodes: Episode[];
}

/** An entry with its seasons (none for a film). */
export interface CatalogueEntry {
  movie: Movie;
  seasons: Season[];
}

export type EpisodeInput = Omit<Episode, 'id' | 'season_number'> & { tmdb_id: number | null };

/**
 * A season as written. `episodes` undefined leaves the season's stored episodes as they are (an
 * admin renaming a season), and `episode_count` undefined its stored count; an array replaces them.
 */
export type SeasonInput = Omit<Season, 'id' | 'episodes' | 'episode_count'> & { episode_count?: number; tmdb_id: number | null; episodes?: EpisodeInput[] };

export function isCertification(value: unknown): value is Certification {
  return typeof value === 'string' && (CERTIFICATIONS as readonly string[]).includes(value);
}

export function isFilmCertification(value: unknown): value is FilmCertification {
  return typeof value === 'string' && (FILM_CERTIFICATIONS as readonly string[]).includes(value);
}

export function isTvRating(value: unknown): value is TvRating {
  return typeof value === 'string' && (TV_RATINGS as readonly string[]).includes(value);
}

/**
 * Why `input` cannot be stored as it stands, as `[field, message]` pairs: a series has no runtime
 * and carries a TV rating; a film has no seasons and carries an MPA certification.
 */
export function kindProblems(kind: Kind, input: { runtime?: number | null; certification?: Certification | null; seasons?: readonly unknown[] }): [string, string][] {
  const problems: [string, string][] = [];
  if (kind === 'series') {
    if (input.runtime != null) problems.push(['runtime', 'a series has no runtime; give each episode its own']);
    if (input.certification != null && !isTvRating(input.certification)) problems.push(['certification', `a series carries a US TV rating (${TV_RATINGS.join(', ')})`]);
  } else {
    if (input.seasons !== undefined && input.seasons.length > 0) problems.push(['seasons', 'only a series has seasons']);
    if (input.certification != null && !isFilmCertification(input.certification)) problems.push(['certification', `a film carries an MPA certification (${FILM_CERTIFICATIONS.join(', ')})`]);
  }
  return problems;
}

/** Average of `count` ratings summing to `sum`, to 2 decimals; 0 when there are none. */
export function averageRating(sum: number, count: number): number {
  if (count <= 0) return 0;
  return Math.round((sum / count) * 100) / 100;
}

/** The dates the catalogue stores (release dates, air dates): from the first films to far enough ahead for any announcement. */
export const EARLIEST_DATE = '1870-01-01';
export const LATEST_DATE = '2200-12-31';

/** A real `YYYY-MM-DD` calendar date (not `2021-02-29`) between EARLIEST_DATE and LATEST_DATE. */
export function isCatalogueDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || value < EARLIEST_DATE || value > LATEST_DATE) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
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

/**
 * The data of every `movie.*` event: the entry as other services keep it. The one builder of the
 * aggregate's event data; `deleted: true` for `movie.deleted`.
 */
export function movieSnapshot(movie: Movie): MovieCreatedData;
export function movieSnapshot(movie: Movie, state: { deleted: true }): MovieDeletedData;
export function movieSnapshot(movie: Movie, { deleted }: { deleted: boolean } = { deleted: false }): MovieCreatedData | MovieDeletedData {
  const data = {
    movie_id: movie.id,
    title: movie.title,
    year: movie.year,
    release_date: movie.release_date,
    runtime: movie.runtime,
    genres: movie.genres,
    language: movie.language,
    poster_url: movie.poster_url,
    tmdb_id: movie.tmdb_id,
    is_series: movie.kind === 'series',
  };
  return deleted ? { ...data, deleted: true } : { ...data, deleted: false };
}
