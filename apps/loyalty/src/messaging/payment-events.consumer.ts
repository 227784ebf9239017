import type { Logger } from '@marquee/core';
import type { EventHandlers } from '@marquee/service';
import type { MembershipsService } from '../domain/memberships.service';

/**
 * Points follow money: payment.succeeded earns them (and makes the buyer a member), and
 * payment.refunded takes back the refunded share. The kit's inbox makes a redelivery a no-op;
 * the payment's own key makes another event about the same payment earn nothing more.
 */
export function paymentEventHandlers(memberships: MembershipsService, logger: Logger): EventHandlers {
  return {
    'payment.succeeded': async (data, _event, client) => {
      const outcome = await memberships.paymentSucceeded(client, { paymentId: data.payment_id, userId: data.user_id, amount: data.amount });
      if (outcome === 'duplicate') logger.info('payment already earned its points', { payment_id: data.payment_id });
    },
    'payment.refunded': async (data, _event, client) => {
      await memberships.paymentRefunded(client, {
        paymentId: data.payment_id,
        userId: data.user_id,
        amount: data.amount,
        refundId: data.refund_id,
        totalRefunded: data.total_refunded,
      });
    },
  };
}
