import { pageBounds, toPage, type Page, type PaginationQuery } from '@marquee/contracts';
import type { Bounds, Slice } from '../data/movies.repository';
import type { Movie } from './movie';
import type { MoviesDeps } from './ports';

export type ListName = 'popular' | 'trending' | 'coming-soon';

export interface Cached<T> {
  value: T;
  /** Served from the cache without asking PostgreSQL. */
  hit: boolean;
}

/** The public lists, cached briefly and dropped whenever the catalogue changes. */
export class ListsService {
  private readonly loaders: Record<ListName, (bounds: Bounds) => Promise<Slice<Movie>>>;

  constructor(private readonly deps: MoviesDeps) {
    const { movies, db } = deps;
    this.loaders = {
      popular: (bounds) => movies.popular(db, bounds),
      trending: (bounds) => movies.trending(db, bounds),
      'coming-soon': (bounds) => movies.comingSoon(db, bounds),
    };
  }

  async list(name: ListName, page: PaginationQuery): Promise<Cached<Page<Movie>>> {
    return this.deps.lists.read(`${name}:${page.page}:${page.limit}`, async () => {
      const { items, total } = await this.loaders[name](pageBounds(page));
      return toPage(items, total, page);
    });
  }
}
