import path from 'node:path';
import { defineService, domainPlatform } from '@marquee/service';
import pkg from '../package.json';
import { videosConfigShape } from './config';
import { ItemsRepository } from './data/items.repository';
import { KnownUsersRepository } from './data/known-users.repository';
import { ItemsService } from './domain/items.service';
import { itemsRoutes } from './http/items.routes';
import { userEventHandlers } from './messaging/user-events.consumer';

/**
 * The videos service, declared once: repositories → domain → routes, consumers and jobs. The
 * platform owns start, stop, port, retries, seed and the pruning of its outbox and inbox.
 */
export const videosService = defineService({
  name: 'videos',
  packageJson: pkg,
  description: 'Videos',
  config: videosConfigShape,
  migrationsDir: path.join(__dirname, 'migrations'),
  build: (platform) => {
    const knownUsers = new KnownUsersRepository();
    const items = new ItemsService({ ...domainPlatform(platform), items: new ItemsRepository() });
    return {
      routes: (router) => itemsRoutes(router, items),
      consumers: userEventHandlers(knownUsers),
    };
  },
});
