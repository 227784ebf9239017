import path from 'node:path';
import { backfillJob, backfillMirror, defineService, domainPlatform } from '@marquee/service';
import pkg from '../package.json';
import { eventsConfigShape } from './config';
import { createEventCache } from './data/event-cache.redis';
import { EventsRepository } from './data/events.repository';
import { KnownUsersRepository } from './data/known-users.repository';
import { RegistrationsRepository } from './data/registrations.repository';
import { SessionsRepository } from './data/sessions.repository';
import { usersClient } from './data/users.client';
import { EventsService } from './domain/events.service';
import { RegistrationsService } from './domain/registrations.service';
import { SessionsService } from './domain/sessions.service';
import { eventsRoutes } from './http/events.routes';
import { registrationsRoutes } from './http/registrations.routes';
import { sessionsRoutes } from './http/sessions.routes';
import { userEventHandlers } from './messaging/user-events.consumer';
import { demoEvents } from './seed/demo-events';

/**
 * The events service, declared once: repositories → domain → routes, consumers and seed. The
 * platform owns start, stop, port, retries, seed locking and the pruning of its outbox and inbox.
 */
export const eventsService = defineService({
  name: 'events',
  packageJson: pkg,
  description:
    'Events platform: organizers publish talks and workshops with sessions (no two in one room at once), people register for them and their sessions without ever overbooking; a cached, full-text searchable list',
  config: eventsConfigShape,
  migrationsDir: path.join(__dirname, 'migrations'),
  build: (platform) => {
    const { config, logger } = platform;
    const knownUsers = new KnownUsersRepository();
    const directory = usersClient(platform);
    const deps = {
      ...domainPlatform(platform),
      knownUsers,
      directory,
      events: new EventsRepository(),
      sessions: new SessionsRepository(),
      registrations: new RegistrationsRepository(),
      cache: createEventCache(config.EVENTS_CACHE_ENABLED ? platform.cache('reads') : undefined, config.EVENTS_CACHE_TTL_SEC),
    };
    const events = new EventsService(deps);
    const sessions = new SessionsService(deps);
    const registrations = new RegistrationsService(deps);
    return {
      routes: (router) => {
        // Order matters: /api/events/me/registrations before /api/events/{id}.
        registrationsRoutes(router, registrations);
        eventsRoutes(router, events);
        sessionsRoutes(router, sessions);
      },
      consumers: userEventHandlers(knownUsers),
      jobs: [
        backfillJob('users-backfill', config.USERS_BACKFILL_INTERVAL_MS, (signal) =>
          backfillMirror({ db: deps.db, logger, store: knownUsers, source: directory, name: 'attendee names read model' }, signal),
        ),
      ],
      seed: async () => {
        const added = await events.seed(demoEvents(new Date()));
        logger.info(added > 0 ? `demo events loaded: ${added}` : 'demo events already loaded');
      },
    };
  },
});
