import { randomBytes } from 'node:crypto';
import { TcpProxy, TEST_SERVER_URL } from '@marquee/testing';
import pg from 'pg';
import { parseDatabaseUrl, quoteIdentifier } from './ensure-database';
import { checkDatabase, createPool, ensureDatabase } from './index';

function urlFor(database: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = '/' + database;
  return url.toString();
}

async function dropDatabase(database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: parseDatabaseUrl(TEST_SERVER_URL).adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

describe('ensureDatabase', () => {
  const database = `test_pgkit_ensure_${randomBytes(4).toString('hex')}`;
  afterAll(() => dropDatabase(database));

  it('creates a missing database exactly once when several processes race', async () => {
    const created = await Promise.all(Array.from({ length: 4 }, () => ensureDatabase(urlFor(database))));

    expect(created.filter(Boolean)).toHaveLength(1);
    const pool = createPool({ url: urlFor(database), max: 1 });
    try {
      await expect(checkDatabase(pool)).resolves.toBeUndefined();
    } finally {
      await pool.end();
    }
    await expect(ensureDatabase(urlFor(database))).resolves.toBe(false);
  });
});

describe('checkDatabase', () => {
  it('rejects quickly when the server cannot be reached', async () => {
    const proxy = await TcpProxy.start('127.0.0.1', Number(new URL(TEST_SERVER_URL).port || 5432));
    const pool = createPool({ url: proxy.url(urlFor('postgres')), max: 1 });
    try {
      await expect(checkDatabase(pool)).resolves.toBeUndefined();
      proxy.cut();

      const started = Date.now();
      await expect(checkDatabase(pool, 500)).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await pool.end();
      await proxy.close();
    }
  });
});
