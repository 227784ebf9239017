import type { Bounds, Slice, TicketStatus } from '@marquee/contracts';
import { pagedQuery } from '@marquee/postgres';
import type { Db } from '@marquee/service';
import type { NewTicket, Ticket, TicketWithShowtime } from '../domain/ticket';
import type { TicketFilter, TicketsStore } from '../domain/tickets.store';

type Row<T> = Omit<T, 'amount'> & { amount: string };

const TICKET = 't.id, t.user_id, t.showtime_id, t.seats, t.amount, t.currency, t.status, t.expires_at, t.payment_id, t.cancel_reason, t.created_at';
const WITH_SHOWTIME = `${TICKET}, s.movie_id, s.movie_title, s.theater_name, s.theater_timezone, s.start_time`;

function money<T>(row: Row<T>): T {
  return { ...row, amount: Number(row.amount) } as T;
}

export class TicketsRepository implements TicketsStore {
  async insert(db: Db, ticket: NewTicket): Promise<Ticket> {
    const { rows } = await db.query<Row<Ticket>>(
      `INSERT INTO tickets AS t (id, user_id, showtime_id, seats, amount, currency, status, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'reserved', $7) RETURNING ${TICKET}`,
      [ticket.id, ticket.user_id, ticket.showtime_id, ticket.seats, ticket.amount, ticket.currency, ticket.expires_at],
    );
    return money(rows[0] as Row<Ticket>);
  }

  async claimSeats(db: Db, ticketId: string, showtimeId: string, seats: string[]): Promise<string[]> {
    // ON CONFLICT DO NOTHING waits for a concurrent claim of a seat to commit or roll back, then
    // skips the seat or takes it: what comes back is exactly what this order got.
    const { rows } = await db.query<{ seat: string }>(
      `INSERT INTO ticket_seats (ticket_id, showtime_id, seat)
       SELECT $1, $2, seat FROM unnest($3::text[]) WITH ORDINALITY AS s (seat, n) ORDER BY n
       ON CONFLICT (showtime_id, seat) WHERE active DO NOTHING
       RETURNING seat`,
      [ticketId, showtimeId, seats],
    );
    const claimed = new Set(rows.map((r) => r.seat));
    return seats.filter((seat) => !claimed.has(seat));
  }

  async releaseSeats(db: Db, ticketIds: string[]): Promise<void> {
    if (ticketIds.length === 0) return;
    await db.query('UPDATE ticket_seats SET active = false WHERE ticket_id = ANY($1::uuid[]) AND active', [ticketIds]);
  }

  async find(db: Db, id: string): Promise<TicketWithShowtime | null> {
    const { rows } = await db.query<Row<TicketWithShowtime>>(
      `SELECT ${WITH_SHOWTIME} FROM tickets t JOIN showtimes s USING (showtime_id) WHERE t.id = $1`,
      [id],
    );
    return rows[0] ? money(rows[0]) : null;
  }

  async findForUpdate(db: Db, id: string): Promise<TicketWithShowtime | null> {
    const { rows } = await db.query<Row<TicketWithShowtime>>(
      `SELECT ${WITH_SHOWTIME} FROM tickets t JOIN showtimes s USING (showtime_id) WHERE t.id = $1 FOR UPDATE OF t`,
      [id],
    );
    return rows[0] ? money(rows[0]) : null;
  }

  async confirmIfHeld(db: Db, id: string, paymentId: string): Promise<TicketWithShowtime | null> {
    const { rows } = await db.query<Row<TicketWithShowtime>>(
      `UPDATE tickets t SET status = 'confirmed', payment_id = $2, updated_at = now()
       FROM showtimes s
       WHERE t.id = $1 AND t.status = 'reserved' AND t.expires_at > now() AND s.showtime_id = t.showtime_id
       RETURNING ${WITH_SHOWTIME}`,
      [id, paymentId],
    );
    return rows[0] ? money(rows[0]) : null;
  }

  async setStatus(db: Db, id: string, status: TicketStatus, changes: { reason?: string; paymentId?: string }): Promise<TicketWithShowtime> {
    const { rows } = await db.query<Row<TicketWithShowtime>>(
      `UPDATE tickets t SET status = $2, cancel_reason = COALESCE($3, t.cancel_reason), payment_id = COALESCE($4, t.payment_id), updated_at = now()
       FROM showtimes s
       WHERE t.id = $1 AND s.showtime_id = t.showtime_id
       RETURNING ${WITH_SHOWTIME}`,
      [id, status, changes.reason ?? null, changes.paymentId ?? null],
    );
    return money(rows[0] as Row<TicketWithShowtime>);
  }

  async expireDue(db: Db, limit: number): Promise<TicketWithShowtime[]> {
    // SKIP LOCKED: two sweepers (or a sweeper and a payment confirming a hold) never take the same
    // ticket; each takes rows nobody else holds, and the status check is repeated under the lock.
    const { rows } = await db.query<Row<TicketWithShowtime>>(
      `WITH due AS (
         SELECT id FROM tickets
         WHERE status = 'reserved' AND expires_at <= now()
         ORDER BY expires_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED
       )
       UPDATE tickets t SET status = 'expired', updated_at = now()
       FROM due, showtimes s
       WHERE t.id = due.id AND s.showtime_id = t.showtime_id
       RETURNING ${WITH_SHOWTIME}`,
      [limit],
    );
    return rows.map(money);
  }

  async lockLiveOfShowtime(db: Db, showtimeId: string): Promise<TicketWithShowtime[]> {
    const { rows } = await db.query<Row<TicketWithShowtime>>(
      `SELECT ${WITH_SHOWTIME} FROM tickets t JOIN showtimes s USING (showtime_id)
       WHERE t.showtime_id = $1 AND t.status IN ('reserved', 'confirmed')
       ORDER BY t.id FOR UPDATE OF t`,
      [showtimeId],
    );
    return rows.map(money);
  }

  async page(db: Db, filter: TicketFilter, bounds: Bounds): Promise<Slice<Ticket>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.userId !== undefined) add('t.user_id = ?', filter.userId);
    if (filter.showtimeId !== undefined) add('t.showtime_id = ?', filter.showtimeId);
    if (filter.status !== undefined) add('t.status = ?', filter.status satisfies TicketStatus);
    const slice = await pagedQuery<Row<Ticket>>(
      db,
      { sql: `SELECT ${TICKET} FROM tickets t${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`, params, orderBy: 'created_at DESC, id' },
      bounds,
    );
    return { ...slice, items: slice.items.map(money) };
  }
}
