import type pg from 'pg';

export type AdvisoryLockOutcome<T> = { acquired: true; value: T } | { acquired: false };

/**
 * Runs `fn` while this process holds the session-level advisory lock `hashtext(key)`, on a
 * connection of its own (`fn` gets it, and may use the pool for the rest). `wait` blocks until the
 * lock is free; `try` gives up at once (`{ acquired: false }`) when another session holds it.
 *
 * The lock dies with its session, so a process that crashes frees it. A connection that broke
 * meanwhile, or could not give the lock back, is closed instead of returned to the pool: closing it
 * is what frees a lock the unlock failed to. A checked-out client has no error listener of the
 * pool's, so one is added while the lock is held (a lost connection would otherwise crash).
 */
export async function withAdvisoryLock<T>(
  pool: pg.Pool,
  key: string,
  mode: 'wait' | 'try',
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<AdvisoryLockOutcome<T>> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  let locked = false;
  try {
    if (mode === 'wait') {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
      locked = true;
    } else {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]);
      locked = rows[0]?.locked === true;
      if (!locked) return { acquired: false };
    }
    return { acquired: true, value: await fn(client) };
  } finally {
    if (locked && !broken) {
      try {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
      } catch (error) {
        broken = error instanceof Error ? error : new Error(String(error));
      }
    }
    client.off('error', onError);
    client.release(broken ?? undefined);
  }
}
