import { z } from 'zod';
import { isTimeZone } from './domain/calendar';

/**
 * The analytics service's own environment variables, validated with the shared ones at start
 * (every bad one named). Defaults work on a developer machine.
 */
export const analyticsConfigShape = {
  /**
   * IANA time zone whose calendar days the sales, new users and occupancy are bucketed by
   * (`Europe/Lisbon`). Changing it needs `npm run analytics:replay -w @marquee/analytics`, which
   * rebuilds every bucket in the new zone.
   */
  ANALYTICS_TIMEZONE: z
    .string()
    .default('UTC')
    .refine(isTimeZone, { message: 'must be an IANA time zone such as UTC or Europe/Lisbon' }),
  /** The currency money figures are reported in when a request names none. */
  ANALYTICS_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as USD' })
    .default('USD'),
  /** Events read per query by the replay. */
  ANALYTICS_REPLAY_BATCH: z.coerce.number().int().min(1).max(50_000).default(5_000),
};
