import type { Db } from '@marquee/service';

/** What payments knows of a ticket: whose it is, what it costs, where it stands. */
export interface KnownTicket {
  ticket_id: string;
  user_id: string;
  amount: number;
  currency: string;
  status: string;
}

export interface KnownTicketsStore {
  /** Writes the fact unless a newer one is stored; true when written. */
  apply(db: Db, ticket: KnownTicket, at: Date): Promise<boolean>;
  find(db: Db, ticketId: string): Promise<KnownTicket | undefined>;
  /** The ticket, its row locked until the transaction ends (payments of one ticket queue here). */
  lock(db: Db, ticketId: string): Promise<KnownTicket | undefined>;
}

/**
 * The owner of tickets, asked over HTTP with the caller's token when the read model has not heard
 * of a ticket yet. Resolves undefined for an unknown ticket; 403 and 503 reach the caller as AppErrors.
 */
export interface TicketSource {
  fetch(ticketId: string, bearerToken: string): Promise<KnownTicket | undefined>;
}
