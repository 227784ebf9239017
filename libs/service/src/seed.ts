import type { Logger } from '@marquee/core';
import { withAdvisoryLock } from '@marquee/postgres';
import type pg from 'pg';

/**
 * Runs the service's demo seed on one replica at a time: it holds a PostgreSQL advisory lock
 * named after the service on a connection of its own while `seed` runs. A replica that starts
 * while another is seeding waits for it to finish and does not seed (the data is there, and it
 * does not serve before it is); a later start seeds again, so a seed only adds what is missing.
 * Resolves to whether this replica ran the seed.
 */
export async function seedOnce(pool: pg.Pool, service: string, seed: () => Promise<void>, logger: Logger): Promise<boolean> {
  const key = `${service}:seed`;
  const ran = await withAdvisoryLock(pool, key, 'try', seed);
  if (ran.acquired) return true;
  logger.info('another replica is loading the demo data; waiting for it');
  await withAdvisoryLock(pool, key, 'wait', async () => undefined);
  return false;
}
