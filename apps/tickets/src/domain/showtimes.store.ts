import type { Db } from '@marquee/service';
import type { Showtime, ShowtimeFact } from './ticket';

/** The showtime read model; `data/showtimes.repository.ts` implements it. */
export interface ShowtimesStore {
  /** True when the fact was newer than what is stored and was applied. */
  apply(db: Db, fact: ShowtimeFact): Promise<boolean>;
  find(db: Db, showtimeId: string): Promise<Showtime | null>;
  /**
   * The showtime, its row share-locked until the transaction ends: a concurrent showtime.cancelled
   * (which updates the row) waits for a reservation in flight, and a reservation waits for it.
   */
  findForBooking(db: Db, showtimeId: string): Promise<Showtime | null>;
}

/** The owner of showtimes, asked when the read model has not heard of one yet. */
export interface ShowtimeSource {
  /** The showtime as its owner states it now, or null when the owner does not know it. */
  fetch(showtimeId: string): Promise<ShowtimeFact | null>;
}
