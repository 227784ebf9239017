import type { Bounds, Slice, TicketStatus } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import type { NewTicket, Ticket, TicketWithShowtime } from './ticket';

export interface TicketFilter {
  userId?: string;
  showtimeId?: string;
  status?: TicketStatus;
}

/** Where tickets and their seats live; `data/tickets.repository.ts` implements it. */
export interface TicketsStore {
  insert(db: Db, ticket: NewTicket): Promise<Ticket>;
  /**
   * Claims the seats under the unique index of active seats, in the given order, and answers the
   * seats that were already taken (none: all were claimed). The caller rolls back when any was.
   */
  claimSeats(db: Db, ticketId: string, showtimeId: string, seats: string[]): Promise<string[]>;
  /** Frees the ticket's seats (idempotent). */
  releaseSeats(db: Db, ticketIds: string[]): Promise<void>;
  find(db: Db, id: string): Promise<TicketWithShowtime | null>;
  /** The ticket with its row locked until the transaction ends. */
  findForUpdate(db: Db, id: string): Promise<TicketWithShowtime | null>;
  /** reserved → confirmed, only while still reserved and not expired; null when it was not. */
  confirmIfHeld(db: Db, id: string, paymentId: string): Promise<TicketWithShowtime | null>;
  /** Sets status (and reason, payment) of a ticket already locked by the caller. */
  setStatus(db: Db, id: string, status: TicketStatus, changes: { reason?: string; paymentId?: string }): Promise<TicketWithShowtime>;
  /** Takes up to `limit` lapsed holds not locked by anyone else, marks them expired and answers them. */
  expireDue(db: Db, limit: number): Promise<TicketWithShowtime[]>;
  /** Locks the showtime's reserved and confirmed tickets (skipping none). */
  lockLiveOfShowtime(db: Db, showtimeId: string): Promise<TicketWithShowtime[]>;
  page(db: Db, filter: TicketFilter, bounds: Bounds): Promise<Slice<Ticket>>;
}
