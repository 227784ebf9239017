import type { Bounds, Slice } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import type { Movie } from '../movie/movie';

export interface Favourite {
  movie: Movie;
  favourited_at: string;
}

/** Each user's favourite entries. */
export interface FavouriteStore {
  /** Adds the favourite; null when it was already there (the primary key decides, not a lookup). */
  add(db: Db, userId: string, movieId: string): Promise<{ created_at: string } | null>;
  find(db: Db, userId: string, movieId: string): Promise<{ created_at: string } | null>;
  /** Whether there was one to remove. */
  remove(db: Db, userId: string, movieId: string): Promise<boolean>;
  /** The user's favourites that are still in the catalogue, newest first. */
  list(db: Db, userId: string, bounds: Bounds): Promise<Slice<Favourite>>;
  /** Which of `movieIds` the user has favourited. */
  favouredAmong(db: Db, userId: string, movieIds: readonly string[]): Promise<Set<string>>;
}
