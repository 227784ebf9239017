import type { EventHandlers } from '@marquee/service';
import {
  eTicketMessages,
  eventCancelledMessages,
  holdExpiredMessages,
  paymentFailedMessages,
  pointsChangedMessages,
  refundMessages,
  registrationMessages,
  rewardRedeemedMessages,
  tierChangedMessages,
  videoFailedMessages,
  videoProcessedMessages,
  type MessageFormat,
} from '../domain/event-messages';
import type { NotifierService } from '../domain/notifier.service';

/**
 * The events a customer hears about: each becomes in-app notifications and queued e-mails in the
 * consumer's transaction (with the inbox entry), so nothing is acknowledged before it is stored.
 */
export function domainEventHandlers(notifier: NotifierService, format: MessageFormat): EventHandlers {
  return {
    'ticket.confirmed': (data, event, client) => notifier.notify(client, event.id, eTicketMessages(data, format)),
    'ticket.expired': (data, event, client) => notifier.notify(client, event.id, holdExpiredMessages(data, format)),
    'payment.failed': (data, event, client) => notifier.notify(client, event.id, paymentFailedMessages(data)),
    'payment.refunded': (data, event, client) => notifier.notify(client, event.id, refundMessages(data)),
    'loyalty.points_changed': (data, event, client) => notifier.notify(client, event.id, pointsChangedMessages(data)),
    'loyalty.tier_changed': (data, event, client) => notifier.notify(client, event.id, tierChangedMessages(data)),
    'reward.redeemed': (data, event, client) => notifier.notify(client, event.id, rewardRedeemedMessages(data)),
    'registration.created': (data, event, client) => notifier.notify(client, event.id, registrationMessages(data, format)),
    'event.cancelled': (data, event, client) => notifier.notify(client, event.id, eventCancelledMessages(data, format)),
    'video.processed': (data, event, client) => notifier.notify(client, event.id, videoProcessedMessages(data)),
    'video.failed': (data, event, client) => notifier.notify(client, event.id, videoFailedMessages(data)),
  };
}
