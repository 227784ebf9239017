import { pageBounds, toPage, type Page, type PaginationQuery } from '@marquee/contracts';
import type { Bounds, Slice } from '../data/movies.repository';
import type { Kind, Movie } from './movie';
import type { MoviesDeps } from './ports';

export type ListName = 'popular' | 'trending' | 'coming-soon';

export interface Cached<T> {
  value: T;
  /** Served from the cache without asking PostgreSQL. */
  hit: boolean;
}

/** The public lists, cached briefly and dropped whenever the catalogue changes. */
export class ListsService {
  private readonly loaders: Record<ListName, (bounds: Bounds, kind?: Kind) => Promise<Slice<Movie>>>;

  constructor(private readonly deps: MoviesDeps) {
    const { movies, db } = deps;
    this.loaders = {
      popular: (bounds, kind) => movies.popular(db, bounds, kind),
      trending: (bounds, kind) => movies.trending(db, bounds, kind),
      'coming-soon': (bounds, kind) => movies.comingSoon(db, bounds, kind),
    };
  }

  /** A page of the list, of films or series only when `kind` is given. */
  async list(name: ListName, page: PaginationQuery, kind?: Kind): Promise<Cached<Page<Movie>>> {
    return this.deps.lists.read(`${name}:${kind ?? 'all'}:${page.page}:${page.limit}`, async () => {
      const { items, total } = await this.loaders[name](pageBounds(page), kind);
      return toPage(items, total, page);
    });
  }
}
