import { SERVICE_PORTS } from '@marquee/contracts';
import { urlVar } from '@marquee/core';
import { z } from 'zod';

/**
 * The payments service's own environment variables, validated with the shared ones at start
 * (every bad one named). Defaults work on a developer machine.
 */
export const paymentsConfigShape = {
  /** The tickets service, asked for a ticket a payment names before its ticket.reserved was consumed. */
  TICKETS_URL: urlVar('http:', 'https:').default(`http://127.0.0.1:${SERVICE_PORTS.tickets}`),
  TICKETS_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3_000),
  /** How long the tickets breaker stays open before it lets one call through again. */
  TICKETS_BREAKER_RESET_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
};
