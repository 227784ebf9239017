import { z } from 'zod';
import { uuidSchema } from '../primitives';

/** A star rating from 1 to 5. */
export const ratingSchema = z.number().int().min(1).max(5);

const reviewBaseSchema = z.object({
  review_id: uuidSchema,
  movie_id: uuidSchema,
  user_id: uuidSchema,
  rating: ratingSchema,
});

/** `review.created`: movies adds `rating` to the movie's aggregate. */
export const reviewCreatedDataSchema = reviewBaseSchema;
export type ReviewCreatedData = z.infer<typeof reviewCreatedDataSchema>;

/** `review.updated`: movies replaces `previous_rating` by `rating` in the aggregate. */
export const reviewUpdatedDataSchema = reviewBaseSchema.extend({ previous_rating: ratingSchema });
export type ReviewUpdatedData = z.infer<typeof reviewUpdatedDataSchema>;

/** `review.deleted`: `rating` is the rating removed, so the aggregate can subtract it. */
export const reviewDeletedDataSchema = reviewBaseSchema;
export type ReviewDeletedData = z.infer<typeof reviewDeletedDataSchema>;
