import path from 'node:path';
import type { Logger } from '@marquee/core';
import type pg from 'pg';
import { withAdvisoryLock } from './advisory-lock';
import { KIT_MIGRATIONS } from './kit-migrations';
import {
  MigrationError,
  planMigrations,
  readMigrations,
  toMigrations,
  type AppliedMigration,
  type MigrationFile,
} from './migration-files';

/**
 * Where the kit's own migrations (outbox, inbox) live in the source tree. At run time `migrate`
 * uses the copy embedded in the code, so bundled builds need no folder; integration tests list
 * this path in `createTestDatabase({ schemaFiles })` so templates are rebuilt when it changes.
 */
export const KIT_MIGRATIONS_DIR = path.resolve(__dirname, '../migrations');

const KIT_NAMESPACE = 'kit';

// Advisory locks are per database, so services sharing a server do not wait for each other.
/** Replicas starting together migrate one after the other. */
const MIGRATION_LOCK = 'marquee.schema_migrations';

export interface MigrateOptions {
  /** The service's folder of `NNNN_name.sql` files; without it only the kit's tables are created. */
  dir?: string;
  logger?: Logger;
}

/**
 * Brings the database to the latest schema: first the kit's migrations (versions `kit:NNNN`),
 * then the service's from `dir` (versions `NNNN`), each file in its own transaction and recorded
 * in `schema_migrations`. Concurrent calls (replicas starting together) wait for each other on an
 * advisory lock, so each file runs once. Throws a {@link MigrationError} before applying anything
 * if an applied file was edited or removed. Resolves to the migrations it applied.
 *
 * A migration file must not contain its own BEGIN/COMMIT, nor statements that cannot run in a
 * transaction (`CREATE INDEX CONCURRENTLY`).
 */
export async function migrate(pool: pg.Pool, { dir, logger }: MigrateOptions): Promise<AppliedMigration[]> {
  const kitFiles = toMigrations(KIT_MIGRATIONS, '@marquee/postgres/migrations', KIT_NAMESPACE);
  const ownFiles = dir ? readMigrations(dir) : [];

  const outcome = await withAdvisoryLock(pool, MIGRATION_LOCK, 'wait', async (client) => {
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version    text PRIMARY KEY,
        name       text NOT NULL,
        checksum   text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Read under the lock: another replica may have just finished.
    const { rows } = await client.query<AppliedMigration>('SELECT version, name, checksum FROM schema_migrations');
    const pending = [...planMigrations(kitFiles, rows, KIT_NAMESPACE), ...planMigrations(ownFiles, rows)];

    const applied: AppliedMigration[] = [];
    for (const file of pending) {
      await applyOne(client, file);
      logger?.info('applied migration', { version: file.version, migration: file.name });
      applied.push({ version: file.version, name: file.name, checksum: file.checksum });
    }
    return applied;
  });
  return outcome.acquired ? outcome.value : [];
}

async function applyOne(client: pg.PoolClient, file: MigrationFile): Promise<void> {
  try {
    await client.query('BEGIN');
    // No parameters: the simple query protocol, which accepts several statements.
    await client.query(file.sql);
    await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
      file.version,
      file.name,
      file.checksum,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`Migration ${file.path} failed: ${reason}`, { cause: error });
  }
}
