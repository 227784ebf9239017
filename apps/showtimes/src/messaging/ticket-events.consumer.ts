import type { EventHandlers } from '@marquee/service';
import type { TicketSeatsFact, TicketSeatsStore } from '../domain/showtimes.store';

/**
 * The seat map projection: reserved → held, confirmed → sold, cancelled or expired → released.
 * Per ticket the newer event (by `time`) wins, so a late `ticket.reserved` after its
 * `ticket.confirmed` changes nothing. Tickets' unique index is the truth; this may lag it.
 */
export function ticketEventHandlers(ticketSeats: TicketSeatsStore): EventHandlers {
  const fact = (
    data: { ticket_id: string; showtime_id: string; seats: string[] },
    state: TicketSeatsFact['state'],
    time: string,
  ): TicketSeatsFact => ({ ticket_id: data.ticket_id, showtime_id: data.showtime_id, seats: data.seats, state, at: new Date(time) });
  return {
    'ticket.reserved': async (data, event, client) => {
      await ticketSeats.apply(client, fact(data, 'held', event.time));
    },
    'ticket.confirmed': async (data, event, client) => {
      await ticketSeats.apply(client, fact(data, 'sold', event.time));
    },
    'ticket.cancelled': async (data, event, client) => {
      await ticketSeats.apply(client, fact(data, 'released', event.time));
    },
    'ticket.expired': async (data, event, client) => {
      await ticketSeats.apply(client, fact(data, 'released', event.time));
    },
  };
}
