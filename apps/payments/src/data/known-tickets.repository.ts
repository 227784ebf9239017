import { upsertNewerFact, type Db } from '@marquee/service';
import type { KnownTicket, KnownTicketsStore } from '../domain/known-tickets.store';

const COLUMNS = 'ticket_id, user_id, amount::float8 AS amount, currency, status';

export class KnownTicketsRepository implements KnownTicketsStore {
  apply(db: Db, ticket: KnownTicket, at: Date): Promise<boolean> {
    return upsertNewerFact(
      db,
      'known_tickets',
      { ticket_id: ticket.ticket_id },
      { user_id: ticket.user_id, amount: ticket.amount, currency: ticket.currency, status: ticket.status },
      at,
    );
  }

  async find(db: Db, ticketId: string): Promise<KnownTicket | undefined> {
    const { rows } = await db.query<KnownTicket>(`SELECT ${COLUMNS} FROM known_tickets WHERE ticket_id = $1`, [ticketId]);
    return rows[0];
  }

  async lock(db: Db, ticketId: string): Promise<KnownTicket | undefined> {
    const { rows } = await db.query<KnownTicket>(`SELECT ${COLUMNS} FROM known_tickets WHERE ticket_id = $1 FOR UPDATE`, [ticketId]);
    return rows[0];
  }
}
