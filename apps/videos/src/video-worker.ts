import path from 'node:path';
import { parseEvent } from '@marquee/contracts';
import { AppError, runMain } from '@marquee/core';
import { ErrorCode } from '@marquee/contracts';
import { createPlatform, type Platform } from '@marquee/service';
import pkg from '../package.json';
import { buildMedia, type VideosConfig } from './composition';
import { videosConfigShape } from './config';

/** The work queue's logical name (ARCHITECTURE.md); bound to `video.uploaded` (see ADR 0013). */
export const WORK_QUEUE = 'videos.process';

/**
 * The video worker: the videos platform (same database, outbox relay and bus) with no HTTP, one
 * consumer of the work queue, one job at a time per worker (prefetch 1), acked only once the
 * video is processed or failed. Workers compete on the queue; one killed mid-job leaves its
 * message unacked, and the broker hands it to another.
 */
export const videoWorker = {
  name: 'videos',
  migrationsDir: path.join(__dirname, 'migrations'),
  async start(env: Record<string, string | undefined> = process.env) {
    const platform: Platform<VideosConfig> = await createPlatform({
      service: 'videos',
      defaultPort: pkg.marquee.port,
      config: videosConfigShape,
      migrationsDir: path.join(__dirname, 'migrations'),
      env,
    });
    try {
      const { processing } = buildMedia(platform);
      await platform.broker.consume({
        queue: WORK_QUEUE,
        bindings: ['video.uploaded'],
        prefetch: 1,
        maxAttempts: platform.config.VIDEOS_MAX_ATTEMPTS + 1,
        retryDelaysMs: platform.config.EVENT_RETRY_DELAYS_MS,
        handler: async (message) => {
          const parsed = parseEvent(message.body);
          if (!parsed.ok || parsed.event.type !== 'video.uploaded') {
            throw new AppError(ErrorCode.VALIDATION_FAILED, 'Not a video.uploaded event', { status: 400 });
          }
          const videoId = (parsed.event.data as { video_id: string }).video_id;
          const outcome = await processing.process(videoId);
          platform.logger.info('video job done', { video_id: videoId, outcome, attempt: message.attempt });
        },
      });
    } catch (error) {
      await platform.stop();
      throw error;
    }
    return { platform, url: '', stop: () => platform.stop() };
  },
  main(): void {
    runMain(async () => (await videoWorker.start(process.env)).platform);
  },
};
