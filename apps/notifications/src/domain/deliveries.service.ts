import { randomUUID } from 'node:crypto';
import { pageBounds, sliceToPage, type Page, type PaginationQuery } from '@marquee/contracts';
import type { Db, DomainPlatform } from '@marquee/service';
import {
  backoffDelayMs,
  MAX_ERROR_LENGTH,
  type DeliveriesStore,
  type Delivery,
  type DeliveryFilter,
  type NewDelivery,
} from './delivery';
import type { RecipientsService } from './recipients.service';
import type { MailTransport, MessageRenderer, SmsProvider } from './transports';

export interface DeliveriesDeps extends DomainPlatform {
  deliveries: DeliveriesStore;
  recipients: RecipientsService;
  renderer: MessageRenderer;
  mail: MailTransport;
  sms: SmsProvider;
  batchSize: number;
  maxAttempts: number;
  backoffMs: number;
  backoffMaxMs: number;
  leaseMs: number;
}

/** The template of a message an admin writes by hand. */
export const CUSTOM_EMAIL = 'custom_email';
export const CUSTOM_SMS = 'custom_sms';

/** A send that cannot succeed yet (no address known): retried like any other failure. */
class UndeliverableError extends Error {}

/**
 * E-mail and SMS as rows: queued in the transaction of their cause (an event, an admin's request),
 * then sent by the deliveries job with exponential backoff, ending `failed` after `maxAttempts`.
 * A transport that is down delays messages; it never loses them.
 */
export class DeliveriesService {
  constructor(private readonly deps: DeliveriesDeps) {}

  /** Queues a message in `db`'s transaction (a repeat of the same event's message adds nothing). */
  enqueue(db: Db, delivery: Omit<NewDelivery, 'id'>): Promise<void> {
    return this.deps.deliveries.insert(db, { id: randomUUID(), ...delivery });
  }

  /** An admin's e-mail: queued, sent by the job. Answers its id. */
  async queueEmail(to: string, subject: string, text: string): Promise<string> {
    const id = randomUUID();
    await this.deps.deliveries.insert(this.deps.db, {
      id,
      channel: 'email',
      user_id: null,
      recipient: to,
      template: CUSTOM_EMAIL,
      subject,
      payload: { subject, text },
      source_event_id: null,
    });
    return id;
  }

  async queueSms(to: string, text: string): Promise<string> {
    const id = randomUUID();
    await this.deps.deliveries.insert(this.deps.db, {
      id,
      channel: 'sms',
      user_id: null,
      recipient: to,
      template: CUSTOM_SMS,
      subject: null,
      payload: { text },
      source_event_id: null,
    });
    return id;
  }

  async list(filter: DeliveryFilter, query: PaginationQuery): Promise<Page<Delivery>> {
    return sliceToPage(await this.deps.deliveries.page(this.deps.db, filter, pageBounds(query)), query);
  }

  /**
   * Sends what is due, a batch at a time, until fewer than a batch are due or `signal` aborts.
   * Each claim is its own short transaction; the sending happens outside it, so no row lock is
   * held while an SMTP server thinks. Answers how many were attempted. An abort (the service
   * stopping) is obeyed before each message, so a slow SMTP server cannot hold the stop past its
   * timeout and have the pool closed between a send and its "sent"; claimed messages not tried
   * wait for their lease to end and go out then, from any replica.
   */
  async sendDue(signal?: AbortSignal): Promise<number> {
    const { deliveries, batchSize, leaseMs } = this.deps;
    let attempted = 0;
    for (;;) {
      if (signal?.aborted) return attempted;
      const batch = await this.deps.transaction((db) => deliveries.claimDue(db, batchSize, leaseMs));
      for (const delivery of batch) {
        if (signal?.aborted) return attempted;
        await this.attempt(delivery);
        attempted += 1;
      }
      if (batch.length < batchSize) return attempted;
    }
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const { deliveries, db, logger } = this.deps;
    let address = delivery.recipient;
    try {
      const { to, data } = await this.addressed(delivery);
      address = to;
      if (delivery.channel === 'email') {
        const message = this.deps.renderer.render(delivery.template, data);
        await this.deps.mail.send({ to, subject: delivery.subject ?? message.subject, text: message.text, html: message.html });
      } else {
        await this.deps.sms.send({ to, text: String(data.text) });
      }
      await deliveries.markSent(db, delivery.id, to);
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH) || 'unknown error';
      const last = delivery.attempts >= this.deps.maxAttempts;
      const retryAt = last ? null : new Date(Date.now() + backoffDelayMs(delivery.attempts, this.deps.backoffMs, this.deps.backoffMaxMs));
      await deliveries.markAttemptFailed(db, delivery.id, reason, retryAt, address);
      const fields = { delivery_id: delivery.id, channel: delivery.channel, template: delivery.template, attempts: delivery.attempts, error: reason };
      if (last) logger.error('delivery failed for good', fields);
      else logger.warn('delivery attempt failed; it is tried again later', { ...fields, retry_at: retryAt?.toISOString() });
    }
  }

  /** The address and the template's data: the recipient's name and address from the read model when the row has no address (or no name). */
  private async addressed(delivery: Delivery): Promise<{ to: string; data: Record<string, unknown> }> {
    const data: Record<string, unknown> = { ...delivery.payload };
    const needsLookup = delivery.user_id !== null && (delivery.recipient === null || typeof data.name !== 'string');
    const user = needsLookup && delivery.user_id ? await this.deps.recipients.find(delivery.user_id) : null;
    if (typeof data.name !== 'string') data.name = user?.name ?? '';
    const to = delivery.recipient ?? (delivery.channel === 'email' ? user?.email : user?.phone_number);
    if (!to) {
      throw new UndeliverableError(user ? `user ${delivery.user_id} has no ${delivery.channel === 'email' ? 'e-mail address' : 'phone number'}` : `recipient ${delivery.user_id} is not known (read model and users service)`);
    }
    return { to, data };
  }
}
