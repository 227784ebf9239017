import { z } from 'zod';
import { uuidSchema } from '../primitives';

/** A star rating from 1 to 5. */
export const ratingSchema = z.number().int().min(1).max(5);

/**
 * Every review event states the review's rating outright (the one it now has, or had when it was
 * deleted). Consumers apply it as "this review now has this rating" (or is gone), ordered by the
 * event's `time`, and derive aggregates from the reviews: movies keeps each review's rating and
 * recomputes the movie's sum and count from them, so events arriving out of order or twice leave
 * it right. No consumer should add or subtract ratings as deltas.
 */
const reviewBaseSchema = z.object({
  review_id: uuidSchema,
  movie_id: uuidSchema,
  user_id: uuidSchema,
  rating: ratingSchema,
});

/** `review.created`: a review with `rating` exists. */
export const reviewCreatedDataSchema = reviewBaseSchema;
export type ReviewCreatedData = z.infer<typeof reviewCreatedDataSchema>;

/** `review.updated`: the review now has `rating`; `previous_rating` is what it had (for display, not arithmetic). */
export const reviewUpdatedDataSchema = reviewBaseSchema.extend({ previous_rating: ratingSchema });
export type ReviewUpdatedData = z.infer<typeof reviewUpdatedDataSchema>;

/** `review.deleted`: the review is gone; `rating` is the one it had. */
export const reviewDeletedDataSchema = reviewBaseSchema;
export type ReviewDeletedData = z.infer<typeof reviewDeletedDataSchema>;
