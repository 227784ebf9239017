import { randomUUID } from 'node:crypto';
import type { EventHandlers, Platform } from '@marquee/service';
import { z } from 'zod';
import type { VideoJob, VideoJobs } from '../domain/video-jobs';

/**
 * The work queue of ARCHITECTURE.md, by its exact name: a plain queue on the default exchange
 * (`<AMQP_PREFIX>videos.process`), not one bound to the events exchange (see ADR 0013).
 */
export const WORK_QUEUE = 'videos.process';

/** What a job message carries. */
export const videoJobSchema = z.object({ video_id: z.uuid() });

/** Jobs sent with publisher confirms to `videos.process` (declared first if no worker has yet). */
export class BrokerVideoJobs implements VideoJobs {
  constructor(private readonly broker: Pick<Platform['broker'], 'sendToQueue'>) {}

  enqueue(job: VideoJob, jobId: string = randomUUID()): Promise<void> {
    return this.broker.sendToQueue(WORK_QUEUE, videoJobSchema.parse(job), { messageId: jobId, type: 'video.process' });
  }
}

/**
 * The outbox publishes only events, so the upload's job travels as its `video.uploaded` event
 * (written in the upload's transaction) and this consumer of the API turns it into a job on
 * `videos.process`. The event is acked only after the broker confirmed the job; a redelivery
 * that sends the job twice is harmless (a worker skips a video that is no longer waiting).
 */
export function videoJobHandlers(jobs: VideoJobs): EventHandlers {
  return {
    'video.uploaded': async (data, event) => {
      await jobs.enqueue({ video_id: data.video_id }, event.id);
    },
  };
}
