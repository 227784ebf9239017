import type { Bounds, Slice } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import type { SeatClaim } from './seat-map';
import type { NewShowtime, Showtime, ShowtimeFilter } from './showtime';

/** Where showtimes live; `data/showtimes.repository.ts` implements it. */
export interface ShowtimesStore {
  /** Throws 409 SHOWTIME_OVERLAP when a scheduled showtime of the theater overlaps (the exclusion constraint decides). */
  insert(db: Db, showtime: NewShowtime): Promise<void>;
  find(db: Db, id: string): Promise<Showtime | null>;
  page(db: Db, filter: ShowtimeFilter, bounds: Bounds): Promise<Slice<Showtime>>;
  /** Changes the price of a scheduled showtime; false when it is not (any more) scheduled. */
  setPrice(db: Db, id: string, price: number, currency: string | undefined): Promise<boolean>;
  /** Cancels a scheduled showtime; false when it was not scheduled (already cancelled, or unknown). */
  cancel(db: Db, id: string, reason: string | null): Promise<boolean>;
}

/** A ticket's seats as the seat map projection keeps them. */
export interface TicketSeatsFact {
  ticket_id: string;
  showtime_id: string;
  seats: string[];
  state: 'held' | 'sold' | 'released';
  /** The event's time: the newer fact per ticket wins. */
  at: Date;
}

/** The seat map projection of ticket events (table `ticket_seats`). */
export interface TicketSeatsStore {
  apply(db: Db, fact: TicketSeatsFact): Promise<boolean>;
  /** The held and sold claims on a showtime's seats. */
  claims(db: Db, showtimeId: string): Promise<SeatClaim[]>;
}
