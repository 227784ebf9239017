import fs from 'node:fs';
import path from 'node:path';
import { Cleanup, createEmptyDatabase, logger, migrationsFolder } from '../test/helpers';
import { createPool, migrate, MigrationError } from './index';

const cleanup = new Cleanup();
afterAll(() => cleanup.run());

async function freshPool() {
  const db = cleanup.add(await createEmptyDatabase(), (d) => d.drop());
  return cleanup.pool(createPool({ url: db.url, max: 2, logger }));
}

function folder(files: Record<string, string>): string {
  return cleanup.add(migrationsFolder(files), (dir) => fs.rmSync(dir, { recursive: true, force: true }));
}

describe('migrate', () => {
  it('applies the kit migrations and then the service’s, once, even when two replicas start together', async () => {
    const dir = folder({
      '0001_runs.sql': 'CREATE TABLE runs (n integer NOT NULL); INSERT INTO runs VALUES (1);',
      '0002_more_runs.sql': 'INSERT INTO runs VALUES (2);',
    });
    const first = await freshPool();
    const db = first.options.connectionString!;
    const second = cleanup.pool(createPool({ url: db, max: 2 }));

    const results = await Promise.all([migrate(first, { dir, logger }), migrate(second, { dir, logger })]);

    expect(results.map((applied) => applied.map((m) => m.version)).sort()).toEqual([
      [],
      ['kit:0001', 'kit:0002', 'kit:0003', '0001', '0002'],
    ]);
    const runs = await first.query('SELECT n FROM runs ORDER BY n');
    expect(runs.rows).toEqual([{ n: 1 }, { n: 2 }]);
    const recorded = await first.query('SELECT version, name FROM schema_migrations ORDER BY applied_at, version');
    expect(recorded.rows).toEqual([
      { version: 'kit:0001', name: 'outbox' },
      { version: 'kit:0002', name: 'inbox' },
      { version: 'kit:0003', name: 'idempotency' },
      { version: '0001', name: 'runs' },
      { version: '0002', name: 'more_runs' },
    ]);
    await expect(migrate(first, { dir, logger })).resolves.toEqual([]);
  });

  it('applies a new file added after the first start', async () => {
    const dir = folder({ '0001_runs.sql': 'CREATE TABLE runs (n integer NOT NULL);' });
    const pool = await freshPool();
    await migrate(pool, { dir });

    fs.writeFileSync(path.join(dir, '0002_seed.sql'), 'INSERT INTO runs VALUES (7);');
    const applied = await migrate(pool, { dir });

    expect(applied.map((m) => m.version)).toEqual(['0002']);
    expect((await pool.query('SELECT n FROM runs')).rows).toEqual([{ n: 7 }]);
  });

  it('refuses to start when an applied file was edited, and applies nothing', async () => {
    const dir = folder({ '0001_runs.sql': 'CREATE TABLE runs (n integer NOT NULL);' });
    const pool = await freshPool();
    await migrate(pool, { dir });

    fs.writeFileSync(path.join(dir, '0001_runs.sql'), 'CREATE TABLE runs (n bigint NOT NULL);');
    fs.writeFileSync(path.join(dir, '0002_seed.sql'), 'INSERT INTO runs VALUES (7);');
    const attempt = migrate(pool, { dir });

    await expect(attempt).rejects.toThrow(MigrationError);
    await expect(attempt).rejects.toThrow(/0001_runs\.sql was changed after it ran/);
    expect((await pool.query('SELECT count(*)::int AS n FROM runs')).rows[0].n).toBe(0);
  });

  it('refuses to start when an applied file is missing', async () => {
    const dir = folder({ '0001_runs.sql': 'CREATE TABLE runs (n integer);', '0002_seed.sql': 'INSERT INTO runs VALUES (1);' });
    const pool = await freshPool();
    await migrate(pool, { dir });

    fs.rmSync(path.join(dir, '0002_seed.sql'));

    await expect(migrate(pool, { dir })).rejects.toThrow(/Applied migration 0002 \(seed\) has no file/);
  });

  it('rolls back a failing migration, keeps the ones before it, and releases the lock', async () => {
    const dir = folder({
      '0001_runs.sql': 'CREATE TABLE runs (n integer);',
      '0002_broken.sql': 'CREATE TABLE half_done (n integer); SELECT 1 / 0;',
    });
    const pool = await freshPool();

    await expect(migrate(pool, { dir })).rejects.toThrow(/0002_broken\.sql failed: division by zero/);

    const tables = await pool.query("SELECT to_regclass('runs') AS runs, to_regclass('half_done') AS half_done");
    expect(tables.rows[0]).toEqual({ runs: 'runs', half_done: null });
    fs.writeFileSync(path.join(dir, '0002_broken.sql'), 'CREATE TABLE half_done (n integer);');
    await expect(migrate(pool, { dir })).resolves.toEqual([expect.objectContaining({ version: '0002' })]);
  });
});
