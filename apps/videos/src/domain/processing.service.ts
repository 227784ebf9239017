import type { DomainPlatform } from '@marquee/service';
import { UnreadableMediaError, type MediaTools } from './media';
import type { VideoStorage } from './storage';
import { MAX_CLIP_SECONDS, processedKey, processingKey, type Video } from './video';
import type { VideoJobs } from './video-jobs';
import type { VideosStore } from './videos.store';

export interface ProcessingDeps extends DomainPlatform {
  videos: VideosStore;
  storage: VideoStorage;
  media: MediaTools;
  /** The work queue (`requeueStuck` sends to it). */
  jobs: VideoJobs;
  /** Attempts (counted on the row) after which a video that keeps failing is `failed`. */
  maxAttempts: number;
}

/** What happened to a job. */
export type JobOutcome = 'processed' | 'failed' | 'skipped';

/** The worker's rules: claim, one ffmpeg pass, then processed or failed, through the outbox. */
export class ProcessingService {
  constructor(private readonly deps: ProcessingDeps) {}

  /**
   * Processes one video. A video no longer waiting (processed, failed, deleted) is skipped, so a
   * redelivered job is harmless. An unreadable input ends `failed` at once; any other error is
   * thrown (the job is retried) until the row's attempts reach `maxAttempts`, then `failed`.
   */
  async process(videoId: string): Promise<JobOutcome> {
    const { videos, storage, media, db } = this.deps;
    const video = await videos.claim(db, videoId);
    if (!video) return 'skipped';
    // Each attempt encodes into a file of its own, renamed only when the row says processed: a
    // killed worker's half-written file (or a duplicate job's) never becomes the result.
    const work = processingKey(video.id, video.attempts);
    let lastWritten = 0;
    try {
      await media.process(storage.localPath(video.original_key), storage.localPath(work), MAX_CLIP_SECONDS, {
        onProgress: (percent) => {
          if (percent < lastWritten + 5 && percent < 100) return;
          lastWritten = percent;
          videos.setProgress(db, video.id, percent).catch((error: unknown) => this.deps.logger.warn('progress not saved', { error }));
        },
      });
      const info = await media.probe(storage.localPath(work));
      return await this.finish(video, work, info.duration_seconds);
    } catch (error) {
      if (error instanceof UnreadableMediaError || video.attempts >= this.deps.maxAttempts) {
        return this.fail(video, error instanceof Error ? error.message : String(error));
      }
      throw error;
    } finally {
      // This attempt's file unless it became the result, and what killed attempts left behind.
      for (let attempt = 1; attempt <= video.attempts; attempt++) await storage.remove(processingKey(video.id, attempt));
    }
  }

  private finish(video: Video, work: string, duration: number): Promise<JobOutcome> {
    const key = processedKey(video.id);
    return this.deps.transaction(async (tx) => {
      const done = await this.deps.videos.markProcessed(tx, video.id, { processed_key: key, duration_seconds: duration });
      if (!done) return 'skipped';
      // Inside the transaction: if the commit fails, the job is retried and writes the file again.
      await this.deps.storage.move(work, key);
      await this.deps.publish(tx, 'video.processed', {
        video_id: done.id,
        user_id: done.user_id,
        title: done.title,
        status: 'processed',
        processed_url: streamUrl(done.id),
        duration_seconds: duration,
      });
      return 'processed';
    });
  }

  private fail(video: Video, reason: string): Promise<JobOutcome> {
    const error = reason.trim().slice(0, 500) || 'processing failed';
    return this.deps.transaction(async (tx) => {
      const failed = await this.deps.videos.markFailed(tx, video.id, error);
      if (!failed) return 'skipped';
      await this.deps.publish(tx, 'video.failed', { video_id: failed.id, user_id: failed.user_id, title: failed.title, status: 'failed', error });
      return 'failed';
    });
  }

  /**
   * Videos left in `processing` past `stuckAfterMs` (a job lost without a redelivery) go back
   * to `uploaded` with a new job on the work queue, or to `failed` once out of attempts. The job
   * is sent before the commit: if the commit fails, the extra job finds the row still waiting and
   * does it anyway, and if the send fails, nothing changes and the next check tries again.
   */
  requeueStuck(stuckAfterMs: number): Promise<number> {
    return this.deps.transaction(async (tx) => {
      const stuck = await this.deps.videos.lockStuck(tx, stuckAfterMs, 50);
      for (const video of stuck) {
        if (video.attempts >= this.deps.maxAttempts) {
          const error = 'processing did not finish in time';
          await this.deps.videos.markFailed(tx, video.id, error);
          await this.deps.publish(tx, 'video.failed', { video_id: video.id, user_id: video.user_id, title: video.title, status: 'failed', error });
          continue;
        }
        await this.deps.videos.requeue(tx, video.id);
        await this.deps.jobs.enqueue({ video_id: video.id });
      }
      return stuck.length;
    });
  }
}

/** Where the processed file is served. */
export function streamUrl(videoId: string): string {
  return `/api/videos/${videoId}/stream`;
}
