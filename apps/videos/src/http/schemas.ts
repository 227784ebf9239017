import { isoDateTimeSchema, MAX_PAGE_SIZE, pageSchema, paginationQuerySchema } from '@marquee/contracts';
import { z } from 'zod';
import { streamUrl } from '../domain/processing.service';
import { MAX_TITLE_LENGTH, type PublicVideo, type RankedPlayer, type Video } from '../domain/video';

export const titleSchema = z
  .string({ message: 'is required' })
  .trim()
  .min(1, { message: 'is required' })
  .max(MAX_TITLE_LENGTH, { message: `must be at most ${MAX_TITLE_LENGTH} characters` });

/** `publish` of the upload form: a checkbox or a boolean as text. */
export const publishFlagSchema = z
  .enum(['true', 'false', '1', '0', 'on', 'off', ''], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'on');

export const videoIdParams = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

export const videoSchema = z
  .object({
    id: z.uuid(),
    user_id: z.uuid(),
    title: z.string(),
    status: z.enum(['uploaded', 'processing', 'processed', 'failed']),
    is_published: z.boolean(),
    /** Percent of the processing done (100 once processed). */
    progress: z.number().int(),
    original_url: z.string(),
    processed_url: z.string().nullable(),
    duration_seconds: z.number().nullable(),
    votes: z.number().int(),
    uploaded_at: isoDateTimeSchema,
    processed_at: isoDateTimeSchema.nullable(),
    error: z.string().optional(),
  })
  .meta({ id: 'Video' });

export const videoPageSchema = pageSchema(videoSchema).meta({ id: 'VideoPage' });

export const publicVideoSchema = videoSchema
  .extend({ player_name: z.string().nullable(), player_city: z.string().nullable() })
  .meta({ id: 'PublicVideo' });
export const publicVideoPageSchema = pageSchema(publicVideoSchema).meta({ id: 'PublicVideoPage' });

export const uploadAnswerSchema = z
  .object({ id: z.uuid(), status: z.literal('uploaded'), message: z.string() })
  .meta({ id: 'VideoUploaded' });

export const voteAnswerSchema = z
  .object({ message: z.string(), video_id: z.uuid(), total_votes: z.number().int() })
  .meta({ id: 'VoteCast' });

const placeSchema = z.string().trim().max(100, { message: 'must be at most 100 characters' }).optional();

export const rankingsQuerySchema = paginationQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  page_size: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  city: placeSchema,
  country: placeSchema,
});

export const rankingsSchema = z
  .object({
    rankings: z.array(
      z.object({
        position: z.number().int(),
        user_id: z.uuid(),
        username: z.string().nullable(),
        city: z.string().nullable(),
        country: z.string().nullable(),
        votes: z.number().int(),
      }),
    ),
    total: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
    total_pages: z.number().int(),
  })
  .meta({ id: 'VideoRankings' });

/** A video as clients see it. */
export function videoBody(video: Video): z.input<typeof videoSchema> {
  return {
    id: video.id,
    user_id: video.user_id,
    title: video.title,
    status: video.status,
    is_published: video.is_published,
    progress: video.progress,
    original_url: video.original_key,
    processed_url: video.status === 'processed' ? streamUrl(video.id) : null,
    duration_seconds: video.duration_seconds,
    votes: video.votes,
    uploaded_at: video.uploaded_at.toISOString(),
    processed_at: video.processed_at ? video.processed_at.toISOString() : null,
    ...(video.error ? { error: video.error } : {}),
  };
}

export function publicVideoBody(video: PublicVideo): z.input<typeof publicVideoSchema> {
  return { ...videoBody(video), player_name: video.player_name, player_city: video.player_city };
}

export function rankedBody(player: RankedPlayer, position: number) {
  return {
    position,
    user_id: player.user_id,
    username: player.username ?? player.name ?? null,
    city: player.city,
    country: player.country,
    votes: player.votes,
  };
}
