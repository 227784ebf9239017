import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createPool, KIT_MIGRATIONS_DIR, migrate } from '@marquee/postgres';
import { Client } from 'pg';

export const TEST_SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** Connection string of this test file's own database. */
  url: string;
  name: string;
  /** Drops the database (connections must be closed first). */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Short label used in database names, e.g. the service name. */
  label: string;
  /**
   * Files or folders whose content defines the schema (usually the migrations folder). The
   * template is rebuilt whenever their content changes.
   */
  schemaFiles?: string[];
  /** Brings an empty database to the schema, e.g. by running migrations against `url`. */
  prepare: (url: string) => Promise<void>;
  serverUrl?: string;
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = '/' + name;
  return url.toString();
}

function hashFiles(paths: string[]): string {
  const hash = createHash('sha256');
  const visit = (p: string) => {
    if (!fs.existsSync(p)) return;
    if (fs.statSync(p).isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) visit(path.join(p, entry));
    } else {
      hash.update(p).update(fs.readFileSync(p));
    }
  };
  paths.forEach(visit);
  return hash.digest('hex').slice(0, 10);
}

async function withAdmin<T>(serverUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Gives a test file its own database, cloned from a template that is migrated once per schema
 * version (`CREATE DATABASE … TEMPLATE`). Cloning takes milliseconds; migrating every file would not.
 */
export async function createTestDatabase(options: TestDatabaseOptions): Promise<TestDatabase> {
  const serverUrl = options.serverUrl ?? TEST_SERVER_URL;
  const label = options.label.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  const template = `tpl_${label}_${hashFiles(options.schemaFiles ?? [])}`;
  const name = `test_${label}_${randomBytes(4).toString('hex')}`;

  await withAdmin(serverUrl, async (admin) => {
    // One builder per template across parallel workers.
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (exists.rowCount === 0) {
        const building = `${template}_build`;
        await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
        await admin.query(`CREATE DATABASE "${building}"`);
        await options.prepare(databaseUrl(serverUrl, building));
        await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
      }
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
    }
  });

  return {
    name,
    url: databaseUrl(serverUrl, name),
    drop: () => withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined)),
  };
}

/**
 * A test file's own database with the kit's tables and the service's migrations applied, cloned
 * from a template that is rebuilt whenever a migration changes.
 */
export function createMigratedTestDatabase(label: string, migrationsDir?: string): Promise<TestDatabase> {
  return createTestDatabase({
    label,
    schemaFiles: [KIT_MIGRATIONS_DIR, ...(migrationsDir ? [migrationsDir] : [])],
    prepare: async (url) => {
      const pool = createPool({ url, max: 1 });
      try {
        await migrate(pool, { dir: migrationsDir });
      } finally {
        await pool.end();
      }
    },
  });
}
