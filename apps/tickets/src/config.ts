import { urlVar } from '@marquee/core';
import { SERVICE_PORTS } from '@marquee/contracts';
import { z } from 'zod';

/**
 * The tickets service's own environment variables, validated with the shared ones at start
 * (every bad one named). Defaults work on a developer machine.
 */
export const ticketsConfigShape = {
  /** How long an unpaid reservation holds its seats. */
  HOLD_MINUTES: z.coerce.number().min(0.05).max(24 * 60).default(10),
  /** A confirmed ticket can be cancelled (and refunded) only while its showtime starts more than this far away. */
  REFUND_CUTOFF_HOURS: z.coerce.number().min(0).max(24 * 365).default(2),
  /** The showtimes service, asked when the read model does not know a showtime yet. */
  SHOWTIMES_URL: urlVar('http:', 'https:').default(`http://127.0.0.1:${SERVICE_PORTS.showtimes}`),
  SHOWTIMES_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3_000),
  SHOWTIMES_BREAKER_RESET_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /** How often the expiry sweeper looks for lapsed holds. */
  EXPIRE_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
  /** Holds expired per transaction by the sweeper. */
  EXPIRE_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(200),
};
