import { z } from 'zod';
import { uuidSchema } from '../primitives';

const videoBaseSchema = z.object({
  video_id: uuidSchema,
  /** The owner (uploader). */
  user_id: uuidSchema,
  title: z.string().min(1),
});

/** `video.uploaded`: the file is stored and a processing job queued. */
export const videoUploadedDataSchema = videoBaseSchema.extend({
  status: z.literal('uploaded'),
  /** Whether the owner asked to publish it once processed. */
  publish_requested: z.boolean(),
});
export type VideoUploadedData = z.infer<typeof videoUploadedDataSchema>;

/** `video.processed`: the worker trimmed, scaled and marked the clip; it can be published. */
export const videoProcessedDataSchema = videoBaseSchema.extend({
  status: z.literal('processed'),
  processed_url: z.string().min(1),
  duration_seconds: z.number().positive(),
});
export type VideoProcessedData = z.infer<typeof videoProcessedDataSchema>;

/** `video.failed`: processing failed for good; `error` says why (for the owner). */
export const videoFailedDataSchema = videoBaseSchema.extend({
  status: z.literal('failed'),
  error: z.string().min(1),
});
export type VideoFailedData = z.infer<typeof videoFailedDataSchema>;

/** `vote.cast`: `voter_id` voted for `owner_id`'s video, which now has `total_votes`. */
export const voteCastDataSchema = z
  .object({
    video_id: uuidSchema,
    voter_id: uuidSchema,
    owner_id: uuidSchema,
    total_votes: z.number().int().positive(),
  })
  .refine((v) => v.voter_id !== v.owner_id, { error: 'a user cannot vote for their own video', path: ['voter_id'] });
export type VoteCastData = z.infer<typeof voteCastDataSchema>;
