import type { Db } from '@marquee/service';
import type { Genre } from './genres';

/** The genre table (TMDb's genres, fixed by migration). */
export interface GenreStore {
  /** Every genre, by name. */
  all(db: Db): Promise<Genre[]>;
}
