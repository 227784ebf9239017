import type { Logger } from '@marquee/core';
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
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  let locked = false;
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]);
    locked = rows[0]?.locked === true;
    if (!locked) {
      logger.info('another replica is loading the demo data; waiting for it');
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
      locked = true;
      return false;
    }
    await seed();
    return true;
  } finally {
    if (locked && !broken) {
      try {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
      } catch (error) {
        broken = error instanceof Error ? error : new Error(String(error));
      }
    }
    client.off('error', onError);
    client.release(broken ? true : undefined);
  }
}
