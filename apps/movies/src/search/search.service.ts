import { pageBounds, sliceToPage, toPage, type Page, type PaginationQuery } from '@marquee/contracts';
import type { DomainPlatform } from '@marquee/service';
import type { CatalogueService } from '../catalogue/catalogue.service';
import type { Cached, ListCache } from '../lists/list-cache.store';
import type { Kind, Movie } from '../movie/movie';
import { searchTerms } from './search-terms';
import type { MovieFilter, SearchStore } from './search.store';

/** Cache keys of search answers: `search:<type or all>:<limit>:<page>:<normalised text>`. */
export const SEARCH_CACHE_PREFIX = 'search:';

export interface SearchDeps extends DomainPlatform {
  search: SearchStore;
  lists: ListCache;
}

export interface ListRequest {
  /** Films or series only. */
  kind?: Kind;
  q?: string;
  genre?: string;
  year?: number;
  sort?: MovieFilter['sort'];
}

/** Finding films and series: the filtered list of the catalogue, and the search box. */
export class SearchService {
  constructor(
    private readonly deps: SearchDeps,
    /** Genre names are checked against the catalogue's. */
    private readonly catalogue: Pick<CatalogueService, 'checkGenres'>,
  ) {}

  /** The catalogue filtered by kind, text, genre and year, sorted; never cached. */
  async list(request: ListRequest, page: PaginationQuery): Promise<Page<Movie>> {
    const filter: MovieFilter = { sort: request.sort, year: request.year, kind: request.kind };
    if (request.genre !== undefined) [filter.genre] = await this.catalogue.checkGenres([request.genre], 'query.genre');
    // Text that cleans to nothing (only controls, say) filters nothing, like a blank q.
    const terms = request.q === undefined ? undefined : searchTerms(request.q);
    if (terms && terms.text !== '') filter.terms = terms;
    return sliceToPage(await this.deps.search.find(this.deps.db, filter, pageBounds(page)), page);
  }

  /**
   * The search endpoint: `q` alone, best match first. Answers are cached like the public lists
   * (same TTL, tag `catalogue`), keyed on the normalised text, so "Inception " and "inception"
   * share one entry and a catalogue change is visible on the next request. Text with nothing
   * searchable left once cleaned finds nothing, without asking PostgreSQL.
   */
  async search(q: string, page: PaginationQuery, kind?: Kind): Promise<Cached<Page<Movie>>> {
    const terms = searchTerms(q);
    if (terms.text === '') return { value: toPage([], 0, page), hit: false };
    return this.deps.lists.read(`${SEARCH_CACHE_PREFIX}${kind ?? 'all'}:${page.limit}:${page.page}:${terms.text}`, async () =>
      sliceToPage(await this.deps.search.find(this.deps.db, { terms, kind }, pageBounds(page)), page),
    );
  }
}
