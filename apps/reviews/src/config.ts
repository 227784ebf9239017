import { z } from 'zod';

/** The reviews service's own environment, validated with the shared variables at start. */
export const reviewsConfigShape = {
  /** Attempts at a movie event before it is parked in the dead-letter queue. */
  EVENT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** Delays between those attempts, in ms, comma-separated; the last one repeats. */
  EVENT_RETRY_DELAYS_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/, { message: 'must be comma-separated milliseconds such as 1000,5000,30000' })
    .default('1000,5000,30000,120000')
    .transform((value) => value.split(',').map(Number)),
};
