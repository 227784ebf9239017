import type { Bounds, Slice } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import type { NewTheater, Theater } from './theater';

/** Where theaters live; `data/theaters.repository.ts` implements it. */
export interface TheatersStore {
  /** Throws 409 CONFLICT when another theater has this name. */
  insert(db: Db, id: string, theater: NewTheater): Promise<Theater>;
  find(db: Db, id: string): Promise<Theater | null>;
  page(db: Db, bounds: Bounds): Promise<Slice<Theater>>;
}
