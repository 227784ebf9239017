import { booleanVar } from '@marquee/core';
import { usersDirectoryConfigShape } from '@marquee/service';
import { z } from 'zod';

/**
 * The events service's own environment variables, validated with the shared ones at start
 * (every bad one named). Defaults work on a developer machine.
 */
export const eventsConfigShape = {
  /**
   * Off: every list and event is read from PostgreSQL. On, the answers live in Redis under
   * `<CACHE_PREFIX>events:reads:` and are dropped on every change to an event, its sessions or
   * its registrations.
   */
  EVENTS_CACHE_ENABLED: booleanVar.default(true),
  /** Lifetime of a cached list page or event; a change drops them sooner. */
  EVENTS_CACHE_TTL_SEC: z.coerce.number().min(0.1).max(86_400).default(60),
  /** The users service: the backfill of attendee names and the lookup on a miss ask it. */
  ...usersDirectoryConfigShape,
};
