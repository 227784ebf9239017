import { randomUUID } from 'node:crypto';
import type { Db } from '@marquee/service';
import type { DeliveriesService } from './deliveries.service';
import type { Message } from './event-messages';
import type { NotificationsStore } from './notification';
import type { MessageRenderer } from './transports';

export interface NotifierDeps {
  notifications: NotificationsStore;
  deliveries: DeliveriesService;
  renderer: MessageRenderer;
}

/**
 * Writes what an event means (in-app notifications and queued e-mails) in the consumer's
 * transaction, so an event is never acknowledged before its messages are stored. Keyed by the
 * event's id: a second delivery of the event adds nothing.
 */
export class NotifierService {
  constructor(private readonly deps: NotifierDeps) {}

  async notify(db: Db, eventId: string, messages: readonly Message[]): Promise<void> {
    for (const m of messages) {
      const subject = this.deps.renderer.subject(m.template, m.data);
      if (m.inApp) {
        await this.deps.notifications.insert(db, {
          id: randomUUID(),
          user_id: m.user_id,
          type: m.template,
          title: subject,
          message: m.inApp.message,
          movie_id: m.inApp.movie_id,
          image: m.inApp.image,
          source_event_id: eventId,
        });
      }
      if (m.email) {
        await this.deps.deliveries.enqueue(db, {
          channel: 'email',
          user_id: m.user_id,
          recipient: m.recipient,
          template: m.template,
          subject,
          payload: m.data,
          source_event_id: eventId,
        });
      }
    }
  }
}
