import type { Logger } from '@marquee/core';
import pg from 'pg';

export interface CreatePoolOptions {
  /** `postgres://user:password@host:port/database` */
  url: string;
  /** Most connections the pool opens (default 10). */
  max?: number;
  /** Shown in `pg_stat_activity`, so an operator can tell services apart. */
  applicationName?: string;
  /** Where errors of idle connections are reported. */
  logger?: Logger;
  /** How long `connect()` waits for a connection before failing (default 10 s). */
  connectionTimeoutMs?: number;
}

/**
 * A connection pool. An idle connection that breaks (server restart, network cut) is logged and
 * dropped instead of crashing the process; the pool opens a new one on the next query.
 */
export function createPool({ url, max = 10, applicationName, logger, connectionTimeoutMs = 10_000 }: CreatePoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: applicationName,
    connectionTimeoutMillis: connectionTimeoutMs,
  });
  // Without a listener, the 'error' event of an idle client is an uncaught exception.
  pool.on('error', (error) => {
    logger?.warn('idle PostgreSQL connection failed', { error: error.message });
  });
  return pool;
}

/**
 * Readiness check: resolves when the database answers `SELECT 1` within `timeoutMs`
 * (default 2 s), rejects otherwise.
 */
export async function checkDatabase(pool: pg.Pool, timeoutMs = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`PostgreSQL did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    // query_timeout (supported by pg, missing from its types) makes the pool discard a connection
    // whose answer never comes; the race also covers waiting for a free connection.
    const query = { text: 'SELECT 1', query_timeout: timeoutMs } as pg.QueryConfig;
    await Promise.race([pool.query(query), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
