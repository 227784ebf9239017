import path from 'node:path';
import { defineService, domainPlatform, IdempotencyStore, serviceClient } from '@marquee/service';
import pkg from '../package.json';
import { paymentsConfigShape } from './config';
import { KnownTicketsRepository } from './data/known-tickets.repository';
import { PaymentsRepository } from './data/payments.repository';
import { PaymentsService } from './domain/payments.service';
import { paymentsRoutes } from './http/payments.routes';
import { ticketEventHandlers } from './messaging/ticket-events.consumer';
import { SimulatedCardProcessor } from './processor/simulated-card-processor';
import { TicketsClient } from './tickets/tickets.client';

/**
 * The payments service: repositories → domain → routes and the ticket-event consumer. Cards go to
 * a simulated processor with Stripe's test-card behaviour; tickets is asked over HTTP only for a
 * ticket no event has told us of yet.
 */
export const paymentsService = defineService({
  name: 'payments',
  packageJson: pkg,
  description: 'Card payments of tickets and their refunds',
  config: paymentsConfigShape,
  migrationsDir: path.join(__dirname, 'migrations'),
  build: (platform) => {
    const { config } = platform;
    const tickets = serviceClient(platform, {
      service: 'tickets',
      baseUrl: config.TICKETS_URL,
      timeoutMs: config.TICKETS_TIMEOUT_MS,
      resetTimeoutMs: config.TICKETS_BREAKER_RESET_MS,
    });
    const payments = new PaymentsService({
      ...domainPlatform(platform),
      payments: new PaymentsRepository(),
      tickets: new KnownTicketsRepository(),
      ticketSource: new TicketsClient(tickets),
      processor: new SimulatedCardProcessor(),
      idempotency: new IdempotencyStore(),
    });
    return {
      routes: (router) => paymentsRoutes(router, payments),
      consumers: ticketEventHandlers(payments),
    };
  },
});
