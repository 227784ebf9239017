import { sleep } from '@marquee/testing';
import { Cleanup, createMigratedDatabase, logger } from '../test/helpers';
import { afterCommit, createPool, isCheckViolation, isDeadlock, isUniqueViolation, withRetriedTransaction, withTransaction } from './index';

const cleanup = new Cleanup();
let pool: ReturnType<typeof createPool>;
let admin: ReturnType<typeof createPool>;
let url: string;

beforeAll(async () => {
  const db = cleanup.add(await createMigratedDatabase(), (d) => d.drop());
  url = db.url;
  pool = cleanup.pool(createPool({ url: db.url, max: 2, logger }));
  admin = cleanup.pool(createPool({ url: db.url, max: 1, logger }));
});
afterAll(() => cleanup.run());
beforeEach(() => pool.query('TRUNCATE widgets'));

async function widgetNames(): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>('SELECT name FROM widgets ORDER BY name');
  return rows.map((row) => row.name);
}

describe('withRetriedTransaction', () => {
  it('when two transactions deadlock, then the victim runs again and both commit; without the retry one fails', async () => {
    await admin.query("INSERT INTO widgets (name, size) VALUES ('left', 1), ('right', 1)");
    const pool4 = createPool({ url, max: 4, logger });
    try {
      // Each locks one row, waits until the other has too, then wants the other's: a deadlock.
      const crossing = (first: string, second: string, run: typeof withTransaction, gate: { n: number }) =>
        run(pool4, async (client) => {
          await client.query('UPDATE widgets SET size = size + 1 WHERE name = $1', [first]);
          gate.n += 1;
          while (gate.n < 2) await sleep(10);
          await client.query('UPDATE widgets SET size = size + 1 WHERE name = $1', [second]);
          return first;
        });
      const plain = { n: 0 };
      const outcomes = await Promise.allSettled([crossing('left', 'right', withTransaction, plain), crossing('right', 'left', withTransaction, plain)]);
      expect(outcomes.filter((o) => o.status === 'rejected' && isDeadlock(o.reason))).toHaveLength(1);

      const retried = { n: 0 };
      const results = await Promise.all([crossing('left', 'right', withRetriedTransaction, retried), crossing('right', 'left', withRetriedTransaction, retried)]);
      expect(results.sort()).toEqual(['left', 'right']);
      // The plain pair committed one transaction (2 rows +1 each), the retried pair both (+2 each).
      const { rows } = await pool.query<{ name: string; size: number }>("SELECT name, size FROM widgets WHERE name IN ('left', 'right') ORDER BY name");
      expect(rows).toEqual([
        { name: 'left', size: 4 },
        { name: 'right', size: 4 },
      ]);
    } finally {
      await pool4.end();
    }
  });
});

describe('withTransaction', () => {
  it('runs afterCommit hooks once the commit is visible, with the pool; never after a rollback or outside a transaction', async () => {
    const seen: string[][] = [];
    const hookPools: unknown[] = [];
    await withTransaction(pool, async (client) => {
      await client.query("INSERT INTO widgets (name, size) VALUES ('hooked', 1)");
      expect(
        afterCommit(client, (p) => {
          hookPools.push(p);
          // Committed: another connection sees the row.
          void widgetNames().then((names) => seen.push(names));
        }),
      ).toBe(true);
      expect(seen).toEqual([]);
    });
    await sleep(100);
    expect(hookPools).toEqual([pool]);
    expect(seen).toEqual([['hooked']]);

    let rolledBackHookRan = false;
    await expect(
      withTransaction(pool, async (client) => {
        afterCommit(client, () => {
          rolledBackHookRan = true;
        });
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    const throwing = withTransaction(pool, async (client) => {
      afterCommit(client, () => {
        throw new Error('hook failure');
      });
      return 'kept';
    });
    await expect(throwing).resolves.toBe('kept');
    expect(rolledBackHookRan).toBe(false);
    expect(afterCommit(pool, () => undefined)).toBe(false);
  });

  it('commits what the function wrote and returns its result', async () => {
    const id = await withTransaction(pool, async (client) => {
      const { rows } = await client.query("INSERT INTO widgets (name, size) VALUES ('a', 1) RETURNING id");
      return rows[0].id as number;
    });

    expect(typeof id).toBe('number');
    expect(await widgetNames()).toEqual(['a']);
  });

  it('when the function throws, rolls back and rethrows the same error', async () => {
    const failure = new Error('domain rule broken');

    const attempt = withTransaction(pool, async (client) => {
      await client.query("INSERT INTO widgets (name, size) VALUES ('b', 1)");
      throw failure;
    });

    await expect(attempt).rejects.toBe(failure);
    expect(await widgetNames()).toEqual([]);
  });

  it('always returns the client to the pool, so more transactions than connections can run', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        withTransaction(pool, async (client) => {
          await client.query('INSERT INTO widgets (name, size) VALUES ($1, 1)', [`w${i}`]);
          if (i % 2) throw new Error('odd');
        }),
      ),
    );

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(await widgetNames()).toEqual(['w0', 'w2', 'w4', 'w6', 'w8']);
    expect(pool.totalCount).toBeLessThanOrEqual(2);
    expect(pool.idleCount).toBe(pool.totalCount);
  });

  it('runs at the isolation level asked for', async () => {
    const level = await withTransaction(
      pool,
      async (client) => (await client.query('SHOW transaction_isolation')).rows[0].transaction_isolation,
      { isolation: 'serializable' },
    );

    expect(level).toBe('serializable');
  });

  it('when the connection dies mid-transaction, rejects without crashing and the pool recovers', async () => {
    const attempt = withTransaction(pool, async (client) => {
      const { rows } = await client.query('SELECT pg_backend_pid() AS pid');
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
      // The connection breaks while no query runs: pg emits 'error' on the checked-out client.
      await sleep(100);
      await client.query("INSERT INTO widgets (name, size) VALUES ('lost', 1)");
    });

    await expect(attempt).rejects.toThrow();
    await expect(pool.query('SELECT 1 AS ok')).resolves.toMatchObject({ rows: [{ ok: 1 }] });
    expect(await widgetNames()).toEqual([]);
  });
});

describe('pg error helpers against the real server', () => {
  it('recognise a unique and a check violation by constraint name', async () => {
    await pool.query("INSERT INTO widgets (name, size) VALUES ('dup', 1)");

    const duplicate = await pool.query("INSERT INTO widgets (name, size) VALUES ('dup', 1)").catch((e: unknown) => e);
    const tooSmall = await pool.query("INSERT INTO widgets (name, size) VALUES ('zero', 0)").catch((e: unknown) => e);

    expect(isUniqueViolation(duplicate, 'widgets_name_key')).toBe(true);
    expect(isUniqueViolation(duplicate, 'other')).toBe(false);
    expect(isCheckViolation(tooSmall, 'widgets_size_check')).toBe(true);
  });
});
