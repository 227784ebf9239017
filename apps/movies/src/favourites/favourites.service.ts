import { pageBounds, sliceToPage, type Page, type PaginationQuery } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import type { DomainPlatform } from '@marquee/service';
import type { MovieStore } from '../catalogue/movies.store';
import type { HistoryStore } from '../history/history.store';
import type { Favourite, FavouriteStore } from './favourites.store';

export interface FavouritesDeps extends DomainPlatform {
  favourites: FavouriteStore;
  movies: Pick<MovieStore, 'exists'>;
  /** A new favourite counts towards trending. */
  history: Pick<HistoryStore, 'recordActivity'>;
}

export interface FavouriteAdded {
  movie_id: string;
  created_at: string;
  /** False when it was already a favourite (nothing changed). */
  created: boolean;
}

export class FavouritesService {
  constructor(private readonly deps: FavouritesDeps) {}

  /**
   * Idempotent: a second call finds the primary key taken and reports `created: false`. Only the
   * call that inserts the row announces `favourite.added`, in its transaction, so concurrent adds
   * of one favourite announce it once.
   */
  async add(userId: string, movieId: string): Promise<FavouriteAdded> {
    return this.deps.transaction(async (client) => {
      if (!(await this.deps.movies.exists(client, movieId))) throw AppError.notFound('The movie');
      const added = await this.deps.favourites.add(client, userId, movieId);
      if (added) {
        await this.deps.publish(client, 'favourite.added', { user_id: userId, movie_id: movieId });
        await this.deps.history.recordActivity(client, movieId, 'favourite', userId);
        return { movie_id: movieId, created_at: added.created_at, created: true };
      }
      const existing = await this.deps.favourites.find(client, userId, movieId);
      return { movie_id: movieId, created_at: existing?.created_at ?? new Date().toISOString(), created: false };
    });
  }

  /**
   * Idempotent too: removing what is not a favourite changes nothing and is not an error. Only
   * the call whose DELETE removed the row announces `favourite.removed`, in its transaction.
   */
  async remove(userId: string, movieId: string): Promise<void> {
    await this.deps.transaction(async (client) => {
      if (await this.deps.favourites.remove(client, userId, movieId)) {
        await this.deps.publish(client, 'favourite.removed', { user_id: userId, movie_id: movieId });
      }
    });
  }

  async list(userId: string, page: PaginationQuery): Promise<Page<Favourite>> {
    return sliceToPage(await this.deps.favourites.list(this.deps.db, userId, pageBounds(page)), page);
  }

  /** Which of `movieIds` the user has favourited (for `is_favorite`). */
  favouredAmong(userId: string, movieIds: readonly string[]): Promise<Set<string>> {
    return this.deps.favourites.favouredAmong(this.deps.db, userId, movieIds);
  }
}
