import type { Bounds, Slice } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import type { Kind, Movie } from '../movie/movie';
import type { SearchTerms } from './search-terms';

export type MovieSort = 'popularity' | 'rating' | 'release_date' | 'title';

export interface MovieFilter {
  /** Films or series only; both when absent. */
  kind?: Kind;
  terms?: SearchTerms;
  genre?: string;
  year?: number;
  /** Without it: relevance when searching, else popularity. */
  sort?: MovieSort;
}

/** Finding entries in the catalogue. */
export interface SearchStore {
  /** Filtered, searched (when `terms` are given) and sorted, with the total; deleted entries never appear. */
  find(db: Db, filter: MovieFilter, bounds: Bounds): Promise<Slice<Movie>>;
}
