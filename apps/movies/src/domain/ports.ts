import type { DomainPlatform } from '@marquee/service';
import type { FavouritesRepository } from '../data/favourites.repository';
import type { GenresRepository } from '../data/genres.repository';
import type { HistoryRepository } from '../data/history.repository';
import type { MoviesRepository } from '../data/movies.repository';
import type { RatingsRepository } from '../data/ratings.repository';
import type { RecommendationsRepository } from '../data/recommendations.repository';
import type { SeasonsRepository } from '../data/seasons.repository';
import type { UsersRepository } from '../data/users.repository';

/** Short-lived cached answers of the public lists and of search, dropped whenever the catalogue changes. */
export interface ListCache {
  /** The value under `key`, loading it on a miss; `hit` is true when PostgreSQL was not asked. */
  read<T>(key: string, loader: () => Promise<T>): Promise<{ value: T; hit: boolean }>;
  /** Drops every cached list and search answer. */
  invalidateCatalogue(): Promise<void>;
}

/** What the domain needs from the platform and the data layer (wired in app.ts). */
export interface MoviesDeps extends DomainPlatform {
  lists: ListCache;
  movies: MoviesRepository;
  seasons: SeasonsRepository;
  genres: GenresRepository;
  favourites: FavouritesRepository;
  history: HistoryRepository;
  ratings: RatingsRepository;
  users: UsersRepository;
  recommendations: RecommendationsRepository;
}
