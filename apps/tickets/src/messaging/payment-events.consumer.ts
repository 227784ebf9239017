import type { Logger } from '@marquee/core';
import type { EventHandlers } from '@marquee/service';
import type { TicketsService } from '../domain/tickets.service';

/** The payment side of the saga: confirm, release or refund the ticket a payment is for. */
export function paymentEventHandlers(tickets: TicketsService, logger: Logger): EventHandlers {
  return {
    'payment.succeeded': async (data, _event, client) => {
      const outcome = await tickets.paymentSucceeded(client, data.ticket_id, data.payment_id);
      if (outcome === 'refunding') logger.warn('payment landed after the hold ended: refunding it', { ticket_id: data.ticket_id, payment_id: data.payment_id });
      if (outcome === 'unknown') logger.warn('payment for an unknown ticket', { ticket_id: data.ticket_id, payment_id: data.payment_id });
    },
    'payment.failed': async (data, _event, client) => {
      await tickets.paymentFailed(client, data.ticket_id);
    },
    'payment.refunded': async (data, _event, client) => {
      // A partial refund leaves the ticket valid; only a full one ends it.
      if (data.status !== 'refunded') return;
      await tickets.paymentRefunded(client, data.ticket_id);
    },
  };
}
