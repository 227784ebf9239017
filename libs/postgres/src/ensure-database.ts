import type { Logger } from '@marquee/core';
import pg from 'pg';
import { PgErrorCode, isPgError } from './pg-errors';

/** The database a connection string names, and the same server's `postgres` database. */
export function parseDatabaseUrl(url: string): { database: string; adminUrl: string } {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new Error('The PostgreSQL URL names no database');
  parsed.pathname = '/postgres';
  return { database, adminUrl: parsed.toString() };
}

/** Double-quotes an SQL identifier (database, table) so any name is safe in DDL. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Creates the database named in `url` when it does not exist yet, connecting to the `postgres`
 * database of the same server. Safe when several processes start at once. Resolves to true when
 * this call created it.
 */
export async function ensureDatabase(url: string, logger?: Logger): Promise<boolean> {
  const { database, adminUrl } = parseDatabaseUrl(url);
  const admin = new pg.Client({ connectionString: adminUrl });
  // A connection lost while we hold it must reject the query below, not crash the process.
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return false;
    try {
      await admin.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
    } catch (error) {
      // Two processes that both saw "missing": the loser gets 42P04, or 23505 when the catalog
      // insert collides first.
      if (isPgError(error) && (error.code === PgErrorCode.DUPLICATE_DATABASE || error.code === PgErrorCode.UNIQUE_VIOLATION)) {
        return false;
      }
      throw error;
    }
    logger?.info('created database', { database });
    return true;
  } finally {
    await admin.end();
  }
}
