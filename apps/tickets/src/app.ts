import path from 'node:path';
import { defineService, domainPlatform, every, IdempotencyStore, serviceClient } from '@marquee/service';
import pkg from '../package.json';
import { ticketsConfigShape } from './config';
import { ShowtimesClient } from './data/showtimes.client';
import { ShowtimesRepository } from './data/showtimes.repository';
import { TicketsRepository } from './data/tickets.repository';
import { TicketsService } from './domain/tickets.service';
import { ticketsRoutes } from './http/tickets.routes';
import { paymentEventHandlers } from './messaging/payment-events.consumer';
import { showtimeEventHandlers } from './messaging/showtime-events.consumer';

/** What tests reach beyond HTTP and events: one sweep of lapsed holds, as the job runs it. */
export interface TicketsApi {
  expireHolds(): Promise<number>;
}

/**
 * The tickets service, declared once: repositories → domain → routes, consumers and jobs. The
 * platform owns start, stop, port, retries, seed and the pruning of its outbox and inbox.
 */
export const ticketsService = defineService({
  name: 'tickets',
  packageJson: pkg,
  description: 'Tickets: seat reservations (all or none, never a seat sold twice), confirmation by payment, expiry, cancellation and refunds',
  config: ticketsConfigShape,
  migrationsDir: path.join(__dirname, 'migrations'),
  build: (platform) => {
    const { config, logger } = platform;
    const showtimesApi = serviceClient(platform, {
      service: 'showtimes',
      baseUrl: config.SHOWTIMES_URL,
      timeoutMs: config.SHOWTIMES_TIMEOUT_MS,
      resetTimeoutMs: config.SHOWTIMES_BREAKER_RESET_MS,
    });
    const showtimes = new ShowtimesRepository();
    const tickets = new TicketsService({
      ...domainPlatform(platform),
      tickets: new TicketsRepository(),
      showtimes,
      showtimeSource: new ShowtimesClient(showtimesApi),
      idempotency: new IdempotencyStore(),
      holdMinutes: config.HOLD_MINUTES,
      refundCutoffHours: config.REFUND_CUTOFF_HOURS,
      expireBatchSize: config.EXPIRE_BATCH_SIZE,
    });
    const api: TicketsApi = { expireHolds: () => tickets.expireHolds() };
    return {
      routes: (router) => ticketsRoutes(router, tickets),
      consumers: { ...showtimeEventHandlers(showtimes, tickets, logger), ...paymentEventHandlers(tickets, logger) },
      jobs: [every('expire-holds', config.EXPIRE_INTERVAL_MS, ({ signal }) => tickets.expireHolds(signal))],
      api,
    };
  },
});
