/** One job of the work queue: process this video (the row says what to do with it). */
export interface VideoJob {
  video_id: string;
}

/**
 * The work queue the video workers compete on (`messaging/video-jobs.queue.ts` sends to
 * RabbitMQ's `videos.process`). Resolves once the broker has confirmed the job.
 */
export interface VideoJobs {
  enqueue(job: VideoJob, jobId?: string): Promise<void>;
}
