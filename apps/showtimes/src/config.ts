import { SERVICE_PORTS } from '@marquee/contracts';
import { urlVar } from '@marquee/core';
import { z } from 'zod';
import { canonicalTimeZone, isTimeZone } from './domain/theater';

/**
 * The showtimes service's own environment variables, validated with the shared ones at start
 * (every bad one named). Defaults work on a developer machine.
 */
export const showtimesConfigShape = {
  /** Minutes a theater stays closed after a film ends (cleaning, seating); part of the overlap rule. */
  CLEANING_MINUTES: z.coerce.number().int().min(0).max(240).default(15),
  /** The timezone of a theater created without one; `date` filters are judged in the theater's own. */
  THEATER_TIMEZONE: z.string().refine(isTimeZone, { message: 'must be an IANA timezone such as UTC or Europe/Paris' })
    .transform(canonicalTimeZone)
    .default('UTC'),
  /** The movies service: the backfill of the movie read model and the lookup on a miss ask it. */
  MOVIES_URL: urlVar('http:', 'https:').default(`http://127.0.0.1:${SERVICE_PORTS.movies}`),
  MOVIES_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3_000),
  /** How long the movies breaker stays open before one call is let through again. */
  MOVIES_BREAKER_RESET_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** How often an empty movie read model tries the backfill again (movies was down at start). */
  MOVIES_BACKFILL_INTERVAL_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
};
