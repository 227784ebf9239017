import path from 'node:path';
import { defineService, domainPlatform, every, serviceClient } from '@marquee/service';
import pkg from '../package.json';
import { buildMedia } from './composition';
import { videosConfigShape } from './config';
import { KnownUsersRepository } from './data/known-users.repository';
import { UsersClient } from './data/users.client';
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
    const { config, logger } = platform;
    const deps = domainPlatform(platform);
    const usersApi = serviceClient(platform, {
      service: 'users',
      baseUrl: config.USERS_URL,
      timeoutMs: config.USERS_TIMEOUT_MS,
      resetTimeoutMs: config.USERS_BREAKER_RESET_MS,
    });
    const knownUsers = new KnownUsersRepository();
    const players = new PlayersService({ ...deps, users: knownUsers, directory: new UsersClient(usersApi, config.INTERNAL_TOKEN) });
    const { storage, media, videos: store, jobs, processing } = buildMedia(platform);
    const videos = new VideosService({ ...deps, videos: store, storage, players });

    // The job's signal ends a backfill in flight when the service stops (between pages).
    const backfill = async (signal: AbortSignal) => {
      try {
        await players.backfillIfNeeded(signal);
      } catch (error) {
        if (signal.aborted) return;
        logger.warn('players backfill failed; it is tried again later', { error: error instanceof Error ? error.message : String(error) });
      }
    };

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
        // At start in the background, then each interval until one pass has completed (users was
        // down at start); under the job's lock, so replicas never fetch the same pages side by side.
        every('users-backfill', config.USERS_BACKFILL_INTERVAL_MS, ({ signal }) => backfill(signal), { atStart: true }),
      ],
      seed: () => seedDemoVideos({ ...deps, ffmpegPath: config.FFMPEG_PATH, storage, media, store, videos, knownUsers }),
      api,
    };
  },
});
