import type { TmdbMovieDetails, TmdbPage, TmdbSeason, TmdbTvDetails } from './tmdb.schemas';

/** The TMDb lists an import reads: films (`popular` … `search`) or series (`tv_popular`, `tv_search`). */
export type TmdbList = 'popular' | 'trending' | 'upcoming' | 'search' | 'tv_popular' | 'tv_search';

/**
 * What an import reads from TMDb, validated. Every failure is an AppError (503 when TMDb cannot be
 * used now, 502 when it answered nonsense); `TmdbClient` is the implementation over HTTP.
 */
export interface TmdbSource {
  /** One page of a TMDb list (or of a search for `query`). */
  listPage(list: TmdbList, page: number, query?: string): Promise<TmdbPage>;
  /** A film with its credits and release dates; null when TMDb does not know it. */
  details(tmdbId: number): Promise<TmdbMovieDetails | null>;
  /** A series (TMDb's tv numbering) with its season list, credits and content ratings; null when unknown. */
  seriesDetails(tmdbId: number): Promise<TmdbTvDetails | null>;
  /** One season of a series with its episodes; null when unknown. */
  season(tmdbId: number, seasonNumber: number): Promise<TmdbSeason | null>;
}
