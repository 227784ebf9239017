import type { EventHandlers } from '@marquee/service';
import type { PaymentsService } from '../domain/payments.service';

interface TicketSnapshot {
  ticket_id: string;
  user_id: string;
  amount: number;
  currency: string;
  status: string;
}

const fact = (data: TicketSnapshot) => ({
  ticket_id: data.ticket_id,
  user_id: data.user_id,
  amount: data.amount,
  currency: data.currency,
  status: data.status,
});

/**
 * Keeps the ticket read model (amount to collect, owner, state) from ticket.*, newer fact wins;
 * a ticket cancelled with status `refunded` gets its payment back. The inbox makes a redelivery
 * a no-op.
 */
export function ticketEventHandlers(payments: PaymentsService): EventHandlers {
  return {
    'ticket.reserved': (data, event, client) => payments.onTicketFact(client, fact(data), new Date(event.time)),
    'ticket.confirmed': (data, event, client) => payments.onTicketFact(client, fact(data), new Date(event.time)),
    'ticket.expired': (data, event, client) => payments.onTicketFact(client, fact(data), new Date(event.time)),
    'ticket.cancelled': (data, event, client) => payments.onTicketFact(client, fact(data), new Date(event.time), data),
  };
}
