import path from 'node:path';
import { defineService, domainPlatform, every } from '@marquee/service';
import pkg from '../package.json';
import { buildMedia } from './composition';
import { videosConfigShape } from './config';
import { KnownUsersRepository } from './data/known-users.repository';
import { VideosService } from './domain/videos.service';
import { uploadRoute } from './http/upload.routes';
import { videosRoutes } from './http/videos.routes';
import { userEventHandlers } from './messaging/user-events.consumer';

/**
 * The videos API, declared once: repositories → domain → routes, consumers and jobs. The video
 * worker (`worker.ts`) is a second entry point on the same database and bus.
 */
export const videosService = defineService({
  name: 'videos',
  packageJson: pkg,
  description: 'Videos: uploads, processing state, the showcase, votes and rankings',
  config: videosConfigShape,
  migrationsDir: path.join(__dirname, 'migrations'),
  build: (platform) => {
    const knownUsers = new KnownUsersRepository();
    const { storage, media, videos: store, processing } = buildMedia(platform);
    const videos = new VideosService({ ...domainPlatform(platform), videos: store, storage });
    return {
      routes: (router) => {
        uploadRoute(router, { videos, storage, media });
        videosRoutes(router, videos, storage);
      },
      consumers: userEventHandlers(knownUsers),
      jobs: [
        every('requeue-stuck-videos', platform.config.VIDEOS_STUCK_CHECK_MS, async ({ logger }) => {
          const rows = await processing.requeueStuck(platform.config.VIDEOS_STUCK_AFTER_MS);
          if (rows > 0) logger.warn('queued stuck videos again', { rows });
        }),
      ],
    };
  },
});
