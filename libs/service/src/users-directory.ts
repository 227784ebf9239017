import { SERVICE_PORTS, USERS_DIRECTORY_PATH } from '@marquee/contracts';
import { urlVar, type BaseConfig } from '@marquee/core';
import { z } from 'zod';
import { OwnerCollection, type MirrorSource } from './backfill';
import type { Platform } from './platform';
import { serviceClient } from './service-client';

const ms = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * The settings of a service that mirrors the users service's accounts (notifications, videos,
 * events): where the internal directory is, how long to wait for it, and how often an unfinished
 * backfill is tried again. Spread into the service's own config shape.
 */
export const usersDirectoryConfigShape = {
  /** The users service: the backfill of the users read model and the lookup on a miss ask it. */
  USERS_URL: urlVar('http:', 'https:').default(`http://127.0.0.1:${SERVICE_PORTS.users}`),
  USERS_TIMEOUT_MS: ms(50, 60_000, 3_000),
  USERS_BREAKER_RESET_MS: ms(100, 600_000, 10_000),
  /** How often an unfinished backfill is tried again (users was down at start). */
  USERS_BACKFILL_INTERVAL_MS: ms(100, 86_400_000, 60_000),
};

type UsersDirectoryConfig = BaseConfig & { [K in keyof typeof usersDirectoryConfigShape]: z.output<(typeof usersDirectoryConfigShape)[K]> };

/**
 * The users service's internal directory (`GET /internal/users?page=&limit=`, `/internal/users/{id}`)
 * as a mirror's source, behind its own breaker, with INTERNAL_TOKEN as bearer token when it is
 * set. `item` checks only what the mirror needs of each account; `map` turns it into what it keeps.
 */
export function usersDirectory<S extends z.ZodType, T>(
  platform: Pick<Platform<UsersDirectoryConfig>, 'config' | 'registry' | 'logger' | 'lifecycle'>,
  item: S,
  map: (user: z.output<S>) => T,
): MirrorSource<T> {
  const { config } = platform;
  const client = serviceClient(platform, {
    service: 'users',
    baseUrl: config.USERS_URL,
    timeoutMs: config.USERS_TIMEOUT_MS,
    resetTimeoutMs: config.USERS_BREAKER_RESET_MS,
  });
  return new OwnerCollection(client, { path: USERS_DIRECTORY_PATH, item, map, token: config.INTERNAL_TOKEN });
}
