import path from 'node:path';
import { ErrorCode } from '@marquee/contracts';
import { AppError, runMain } from '@marquee/core';
import { createPlatform, type Platform } from '@marquee/service';
import pkg from '../package.json';
import { buildMedia, type VideosConfig } from './composition';
import { videosConfigShape } from './config';
import { videoJobSchema, WORK_QUEUE } from './messaging/video-jobs.queue';

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
        exchangeless: true,
        bindings: [],
        prefetch: 1,
        maxAttempts: platform.config.VIDEOS_MAX_ATTEMPTS + 1,
        retryDelaysMs: platform.config.EVENT_RETRY_DELAYS_MS,
        handler: async (message) => {
          const parsed = videoJobSchema.safeParse(message.body);
          // A 4xx AppError parks the message at once: a malformed job is never retried.
          if (!parsed.success) throw new AppError(ErrorCode.VALIDATION_FAILED, 'Not a video job', { status: 400 });
          const videoId = parsed.data.video_id;
          const outcome = await processing.process(videoId);
          platform.logger.info('video job done', { video_id: videoId, outcome, attempt: message.attempt });
        },
      });
      platform.logger.info('video worker ready', { queue: WORK_QUEUE });
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
