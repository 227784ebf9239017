import path from 'node:path';
import { backfillJob, defineService, domainPlatform, every } from '@marquee/service';
import pkg from '../package.json';
import { HandlebarsRenderer } from './adapters/handlebars.renderer';
import { LogSmsProvider } from './adapters/log-sms.provider';
import { OutboxDirTransport } from './adapters/outbox-dir.transport';
import { SmtpMailTransport } from './adapters/smtp-mail.transport';
import { notificationsConfigShape } from './config';
import { DeliveriesRepository } from './data/deliveries.repository';
import { KnownUsersRepository } from './data/known-users.repository';
import { NotificationsRepository } from './data/notifications.repository';
import { usersClient } from './data/users.client';
import { DeliveriesService } from './domain/deliveries.service';
import { TEMPLATES } from './domain/event-messages';
import { NotificationsService } from './domain/notifications.service';
import { NotifierService } from './domain/notifier.service';
import { RecipientsService } from './domain/recipients.service';
import type { MailTransport } from './domain/transports';
import { deliveriesRoutes } from './http/deliveries.routes';
import { notificationsRoutes } from './http/notifications.routes';
import { domainEventHandlers } from './messaging/domain-events.consumer';
import { userEventHandlers } from './messaging/user-events.consumer';

/** What tests reach beyond HTTP and events: one pass of the deliveries job, and the recipients. */
export interface NotificationsApi {
  sendDue(): Promise<number>;
  recipients: RecipientsService;
}

/**
 * The notifications service: events become in-app notifications and queued e-mails (one row per
 * delivery, written with the event's inbox entry), sent by the deliveries job over SMTP or into
 * a local outbox folder, with retries and backoff; recipients from a read model of users.
 */
export const notificationsService = defineService({
  name: 'notifications',
  packageJson: pkg,
  description: 'Notifications: in-app notifications, e-mail (SMTP or a local outbox folder) and SMS, with a delivery log and retries',
  config: notificationsConfigShape,
  // A lease shorter than one SMTP send would let a second sender take a message still being sent.
  checkConfig: (config) =>
    config.DELIVERY_LEASE_MS > 3 * config.SMTP_TIMEOUT_MS
      ? []
      : [{ variable: 'DELIVERY_LEASE_MS', message: `must be more than 3 × SMTP_TIMEOUT_MS (${3 * config.SMTP_TIMEOUT_MS} ms): a send can take that long` }],
  migrationsDir: path.join(__dirname, 'migrations'),
  build: (platform) => {
    const { config, logger } = platform;
    const deps = domainPlatform(platform);

    const renderer = new HandlebarsRenderer(config.TEMPLATES_DIR, TEMPLATES);
    const mail: MailTransport = config.SMTP_URL
      ? new SmtpMailTransport(config.SMTP_URL, config.MAIL_FROM, config.SMTP_TIMEOUT_MS)
      : new OutboxDirTransport(config.MAIL_OUTBOX_DIR, config.MAIL_FROM);
    platform.lifecycle.onStop('mail transport', () => mail.close());
    logger.info(`e-mail goes to ${mail.describe}`, { mail: mail.describe });

    const knownUsers = new KnownUsersRepository();
    const notificationsStore = new NotificationsRepository();
    const recipients = new RecipientsService({ ...deps, users: knownUsers, source: usersClient(platform) });
    const deliveries = new DeliveriesService({
      ...deps,
      deliveries: new DeliveriesRepository(),
      recipients,
      renderer,
      mail,
      sms: new LogSmsProvider(logger.child({ component: 'sms' })),
      batchSize: config.DELIVERY_BATCH_SIZE,
      maxAttempts: config.DELIVERY_MAX_ATTEMPTS,
      backoffMs: config.DELIVERY_BACKOFF_MS,
      backoffMaxMs: config.DELIVERY_BACKOFF_MAX_MS,
      leaseMs: config.DELIVERY_LEASE_MS,
    });
    const notifications = new NotificationsService({ ...deps, notifications: notificationsStore });
    const notifier = new NotifierService({ notifications: notificationsStore, deliveries, renderer });
    const format = { timezone: config.NOTIFICATIONS_TIMEZONE };

    const api: NotificationsApi = { sendDue: () => deliveries.sendDue(), recipients };
    return {
      routes: (router) => {
        notificationsRoutes(router, notifications);
        deliveriesRoutes(router, deliveries);
      },
      consumers: { ...userEventHandlers(knownUsers, notifier, format), ...domainEventHandlers(notifier, format) },
      jobs: [
        backfillJob('users-backfill', config.USERS_BACKFILL_INTERVAL_MS, (signal) => recipients.backfillIfNeeded(signal)),
        // Mail queued while the service was down goes out at once on start.
        every('send-deliveries', config.DELIVERY_INTERVAL_MS, ({ signal }) => deliveries.sendDue(signal), { atStart: true }),
      ],
      api,
    };
  },
});
