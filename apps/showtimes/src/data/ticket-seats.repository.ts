import { upsertNewerFact, type Db } from '@marquee/service';
import type { SeatClaim } from '../domain/seat-map';
import type { TicketSeatsFact, TicketSeatsStore } from '../domain/showtimes.store';

/** The seat map projection (table `ticket_seats`), one row per ticket. */
export class TicketSeatsRepository implements TicketSeatsStore {
  apply(db: Db, fact: TicketSeatsFact): Promise<boolean> {
    // At the very same instant the later arrival wins: tickets emits a ticket's events in order.
    return upsertNewerFact(
      db,
      'ticket_seats',
      { ticket_id: fact.ticket_id },
      { showtime_id: fact.showtime_id, seats: fact.seats, state: fact.state },
      fact.at,
      { sameInstant: 'replace', touch: ['received_at'] },
    );
  }

  async claims(db: Db, showtimeId: string): Promise<SeatClaim[]> {
    const { rows } = await db.query<SeatClaim>(
      "SELECT seats, state FROM ticket_seats WHERE showtime_id = $1 AND state <> 'released'",
      [showtimeId],
    );
    return rows;
  }
}
