import path from 'node:path';
import { backfillJob, defineService, domainPlatform, every } from '@marquee/service';
import pkg from '../package.json';
import { buildMedia } from './composition';
import { videosConfigShape } from './config';
import { KnownUsersRepository } from './data/known-users.repository';
import { usersClient } from './data/users.client';
import { PlayersService } from './domain/players.service';
import { VideosService } from './domain/videos.service';
import { uploadRoute } from './http/upload.routes';
import { videosRoutes } from './http/videos.routes';
import { userEventHandlers } from './messaging/user-events.consumer';
import { videoJobHandlers } from './messaging/video-jobs.queue';
import { seedDemoVideos } from './seed/demo-videos';

/** What tests reach beyond HTTP and events. */
export interface VideosApi {
  players: PlayersService;
}

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
    const { config } = platform;
    const deps = domainPlatform(platform);
    const knownUsers = new KnownUsersRepository();
    const players = new PlayersService({ ...deps, users: knownUsers, directory: usersClient(platform) });
    const { storage, media, videos: store, jobs, processing } = buildMedia(platform);
    const videos = new VideosService({ ...deps, videos: store, storage, players });

    const api: VideosApi = { players };
    return {
      routes: (router) => {
        uploadRoute(router, { videos, storage, media });
        videosRoutes(router, videos, storage);
      },
      consumers: { ...userEventHandlers(knownUsers), ...videoJobHandlers(jobs) },
      jobs: [
        every('requeue-stuck-videos', config.VIDEOS_STUCK_CHECK_MS, async ({ logger: jobLogger }) => {
          const rows = await processing.requeueStuck(config.VIDEOS_STUCK_AFTER_MS);
          if (rows > 0) jobLogger.warn('queued stuck videos again', { rows });
        }),
        backfillJob('users-backfill', config.USERS_BACKFILL_INTERVAL_MS, (signal) => players.backfillIfNeeded(signal)),
      ],
      seed: () => seedDemoVideos({ ...deps, ffmpegPath: config.FFMPEG_PATH, storage, media, store, videos, knownUsers }),
      api,
    };
  },
});
