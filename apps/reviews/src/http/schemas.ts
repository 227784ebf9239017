import { isoDateTimeSchema, pageSchema, paginationQuerySchema } from '@marquee/contracts';
import { z } from 'zod';
import type { Rating, Review, ReviewStats } from '../domain/review';

const uuid = () => z.uuid({ message: 'must be a UUID' });

export const MAX_COMMENT_LENGTH = 2000;

export const ratingSchema = z
  .number({ message: 'must be a whole number from 1 to 5' })
  .int({ message: 'must be a whole number from 1 to 5' })
  .min(1, { message: 'must be a whole number from 1 to 5' })
  .max(5, { message: 'must be a whole number from 1 to 5' })
  .transform((n) => n as Rating);

export const commentSchema = z
  .string({ message: 'must be text' })
  .trim()
  .min(1, { message: 'is required' })
  .max(MAX_COMMENT_LENGTH, { message: `must be at most ${MAX_COMMENT_LENGTH} characters` });

export const newReviewSchema = z
  .object({
    movie_id: uuid(),
    user_id: uuid().optional().meta({ description: 'The author: the caller when left out; someone else only for an admin (else 403)' }),
    rating: ratingSchema,
    comment: commentSchema.meta({ description: `Trimmed; 1 to ${MAX_COMMENT_LENGTH} characters` }),
  })
  .meta({ id: 'NewReview' });

export const reviewChangesSchema = z
  .object({
    user_id: uuid().optional().meta({ description: 'Ignored when it names the author; naming anyone else is 403 (the author never changes)' }),
    rating: ratingSchema.optional(),
    comment: commentSchema.optional(),
  })
  .refine((b) => b.rating !== undefined || b.comment !== undefined, { message: 'give rating or comment (or both)' })
  .meta({ id: 'ReviewChanges', description: 'At least one of rating and comment' });

export const reviewSchema = z
  .object({
    id: z.uuid(),
    movie_id: z.uuid(),
    user_id: z.uuid().meta({ description: 'The author' }),
    rating: z.number().int().min(1).max(5),
    comment: z.string(),
    created_at: isoDateTimeSchema,
    updated_at: isoDateTimeSchema,
  })
  .meta({ id: 'Review' });

export const reviewPageSchema = pageSchema(reviewSchema).meta({ id: 'ReviewPage' });

const bucket = z.number().int().min(0);
export const reviewStatsSchema = z
  .object({
    movie_id: z.uuid(),
    count: z.number().int().min(0),
    average: z.number().min(0).max(5).meta({ description: 'Mean rating rounded to 2 decimals; 0 when there are no reviews' }),
    distribution: z
      .object({ '1': bucket, '2': bucket, '3': bucket, '4': bucket, '5': bucket })
      .meta({ description: 'How many reviews gave each rating' }),
  })
  .meta({ id: 'ReviewStats' });

export const reviewListQuerySchema = paginationQuerySchema.extend({
  movie_id: uuid().optional(),
  user_id: uuid().optional().meta({ description: "Only this user's reviews: yourself, or anyone for an admin (else 401/403)" }),
  min_rating: z.coerce
    .number({ message: 'must be a whole number from 1 to 5' })
    .int({ message: 'must be a whole number from 1 to 5' })
    .min(1, { message: 'must be a whole number from 1 to 5' })
    .max(5, { message: 'must be a whole number from 1 to 5' })
    .transform((n) => n as Rating)
    .optional()
    .meta({ description: 'Only reviews rated at least this' }),
});

export const idParamsSchema = z.object({ id: uuid() });
export const movieParamsSchema = z.object({ movie_id: uuid() });
export const userParamsSchema = z.object({ user_id: uuid() });

/** A review as clients see it. */
export function reviewBody(review: Review): z.input<typeof reviewSchema> {
  return {
    id: review.id,
    movie_id: review.movie_id,
    user_id: review.user_id,
    rating: review.rating,
    comment: review.comment,
    created_at: review.created_at.toISOString(),
    updated_at: review.updated_at.toISOString(),
  };
}

export function statsBody(stats: ReviewStats): z.input<typeof reviewStatsSchema> {
  const d = stats.distribution;
  return { movie_id: stats.movie_id, count: stats.count, average: stats.average, distribution: { '1': d[1], '2': d[2], '3': d[3], '4': d[4], '5': d[5] } };
}
