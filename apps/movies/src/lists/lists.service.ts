import { pageBounds, sliceToPage, type Bounds, type Page, type PaginationQuery, type Slice } from '@marquee/contracts';
import type { DomainPlatform } from '@marquee/service';
import type { Kind, Movie } from '../movie/movie';
import type { Cached, ListCache } from './list-cache.store';
import type { RankedListStore } from './lists.store';

export type ListName = 'popular' | 'trending' | 'coming-soon';

export interface ListsDeps extends DomainPlatform {
  lists: ListCache;
  rankedLists: RankedListStore;
}

/** The public lists, cached briefly and dropped whenever the catalogue changes. */
export class ListsService {
  private readonly loaders: Record<ListName, (bounds: Bounds, kind?: Kind) => Promise<Slice<Movie>>>;

  constructor(private readonly deps: ListsDeps) {
    const { rankedLists, db } = deps;
    this.loaders = {
      popular: (bounds, kind) => rankedLists.popular(db, bounds, kind),
      trending: (bounds, kind) => rankedLists.trending(db, bounds, kind),
      'coming-soon': (bounds, kind) => rankedLists.comingSoon(db, bounds, kind),
    };
  }

  /** A page of the list, of films or series only when `kind` is given. */
  async list(name: ListName, page: PaginationQuery, kind?: Kind): Promise<Cached<Page<Movie>>> {
    return this.deps.lists.read(`${name}:${kind ?? 'all'}:${page.page}:${page.limit}`, async () =>
      sliceToPage(await this.loaders[name](pageBounds(page), kind), page),
    );
  }
}
