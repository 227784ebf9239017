import { createMetricsRegistry, runWithContext } from '@marquee/core';
import { sleep, waitUntil } from '@marquee/testing';
import type pg from 'pg';
import { Cleanup, createMigratedDatabase, logger } from '../test/helpers';
import {
  createPool,
  enqueueEvent,
  OutboxRelay,
  pruneSent,
  withTransaction,
  type OutboxMessage,
  type OutboxRelayOptions,
} from './index';

const cleanup = new Cleanup();
let url: string;
let pool: pg.Pool;
const relays: OutboxRelay[] = [];

beforeAll(async () => {
  const db = cleanup.add(await createMigratedDatabase(), (d) => d.drop());
  url = db.url;
  pool = cleanup.pool(createPool({ url, max: 4, logger }));
});
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.stop()));
  await pool.query('DELETE FROM outbox');
});
afterAll(() => cleanup.run());

/** A relay whose broker records what it was given. */
function relayFor(overrides: Partial<OutboxRelayOptions> = {}) {
  const published: OutboxMessage[] = [];
  const relay = new OutboxRelay({
    pool,
    logger,
    pollIntervalMs: 100,
    minBackoffMs: 50,
    publish: async (message) => {
      published.push(message);
    },
    ...overrides,
  });
  relays.push(relay);
  return { relay, published };
}

function enqueueOne<T = object>(type: string, data = {} as T) {
  return withTransaction(pool, (client) => enqueueEvent(client, { source: 'tests', type, data }));
}

async function unsent(): Promise<number> {
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL');
  return rows[0].n;
}

describe('enqueueEvent', () => {
  it('stores the whole envelope, its routing key and headers, in the caller’s transaction', async () => {
    const envelope = await runWithContext({ requestId: 'req-1', correlationId: 'corr-1' }, () =>
      withTransaction(pool, (client) =>
        enqueueEvent(client, { source: 'tickets', type: 'ticket.reserved', data: { ticketId: 't1', seats: ['A1'] } }),
      ),
    );

    expect(envelope).toMatchObject({ specversion: '1.0', type: 'ticket.reserved', correlationid: 'corr-1' });
    const { rows } = await pool.query('SELECT * FROM outbox');
    expect(rows).toEqual([
      expect.objectContaining({
        id: envelope.id,
        routing_key: 'ticket.reserved',
        payload: envelope,
        headers: { 'x-request-id': 'req-1' },
        attempts: 0,
        last_error: null,
        sent_at: null,
      }),
    ]);
  });

  it('inside a transaction that rolls back, leaves nothing to publish', async () => {
    const { relay, published } = relayFor();
    await relay.start();

    await expect(
      withTransaction(pool, async (client) => {
        await enqueueEvent(client, { source: 'tickets', type: 'ticket.reserved', data: {} });
        throw new Error('seat taken');
      }),
    ).rejects.toThrow('seat taken');
    await sleep(400);

    expect(published).toEqual([]);
    expect((await pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n).toBe(0);
  });
});

describe('OutboxRelay', () => {
  it('publishes pending rows in the order they were written and marks them sent', async () => {
    const envelopes = await withTransaction(pool, async (client) => {
      const written = [];
      for (let i = 0; i < 5; i++) written.push(await enqueueEvent(client, { source: 'tests', type: 'seq', data: { i } }));
      return written;
    });
    envelopes.push(await enqueueOne('seq', { i: 5 }));
    const { relay, published } = relayFor({ batchSize: 4 });

    await relay.start();
    await waitUntil(() => published.length === 6, { message: 'six events published' });

    expect(published.map((m) => m.envelope.data)).toEqual([0, 1, 2, 3, 4, 5].map((i) => ({ i })));
    expect(published[0]).toEqual({ id: envelopes[0]!.id, routingKey: 'seq', envelope: envelopes[0], headers: {} });
    await waitUntil(async () => (await unsent()) === 0, { message: 'rows marked sent' });
  });

  it('sends the NOTIFY after the commit, outside the transaction, and none for a rollback', async () => {
    const listener = await pool.connect();
    const heard: number[] = [];
    listener.on('notification', () => heard.push(Date.now()));
    await listener.query('LISTEN marquee_outbox');
    try {
      let committedAt = 0;
      await withTransaction(pool, async (client) => {
        await enqueueEvent(client, { source: 'tests', type: 'a', data: {} });
        await enqueueEvent(client, { source: 'tests', type: 'b', data: {} });
        // Inside the transaction the statement itself notifies nothing; the NOTIFY lock stays untaken.
        const { rows } = await client.query<{ pending: number }>('SELECT pg_notification_queue_usage() AS pending');
        expect(rows[0]?.pending).toBe(0);
        committedAt = Date.now();
      });
      await waitUntil(() => heard.length > 0, { timeoutMs: 2_000, intervalMs: 5 });
      expect(heard[0]).toBeGreaterThanOrEqual(committedAt);
      await sleep(100);
      expect(heard).toHaveLength(1);

      await expect(
        withTransaction(pool, async (client) => {
          await enqueueEvent(client, { source: 'tests', type: 'c', data: {} });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await sleep(100);
      expect(heard).toHaveLength(1);

      // In autocommit on the pool, the NOTIFY goes with the statement.
      await enqueueEvent(pool, { source: 'tests', type: 'd', data: {} });
      await waitUntil(() => heard.length === 2, { timeoutMs: 2_000, intervalMs: 5 });
    } finally {
      listener.release();
    }
  });

  it('wakes on NOTIFY well before its next poll', async () => {
    const { relay, published } = relayFor({ pollIntervalMs: 30_000 });
    await relay.start();
    await sleep(100);

    const started = Date.now();
    const envelope = await enqueueOne('fast');
    await waitUntil(() => published.some((m) => m.id === envelope.id), { timeoutMs: 5_000, intervalMs: 10 });

    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('when publish throws, records the error, retries with growing delay, and delivers once it works', async () => {
    let failuresLeft = 3;
    const attempts: number[] = [];
    const delivered: OutboxMessage[] = [];
    const registry = createMetricsRegistry('postgres-test');
    const { relay } = relayFor({
      registry,
      pollIntervalMs: 20,
      minBackoffMs: 100,
      publish: async (message) => {
        attempts.push(Date.now());
        if (failuresLeft-- > 0) throw new Error('broker unreachable');
        delivered.push(message);
      },
    });
    const envelope = await enqueueOne('retry.me');

    await relay.start();
    const row = await waitUntil(async () => {
      const { rows } = await pool.query('SELECT attempts, last_error, available_at > now() AS later FROM outbox');
      return rows[0].attempts === 1 ? rows[0] : undefined;
    });
    expect(row).toEqual({ attempts: 1, last_error: 'broker unreachable', later: true });
    // publish resolves before the relay commits: wait for the row, not for the broker.
    await waitUntil(async () => (await unsent()) === 0, { message: 'delivery after failures' });

    expect(delivered.map((m) => m.id)).toEqual([envelope.id]);
    const gaps = attempts.slice(1).map((at, i) => at - attempts[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(90);
    expect(gaps[1]).toBeGreaterThanOrEqual(190);
    expect(gaps[2]).toBeGreaterThanOrEqual(390);
    const { rows } = await pool.query('SELECT attempts, sent_at IS NOT NULL AS sent FROM outbox');
    expect(rows).toEqual([{ attempts: 3, sent: true }]);
    const metrics = await registry.metrics();
    expect(metrics).toMatch(/outbox_publish_failures_total\{service="postgres-test"\} 3/);
    expect(metrics).toMatch(/outbox_published_total\{service="postgres-test"\} 1/);
    expect(metrics).toMatch(/outbox_pending\{service="postgres-test"\} 0/);
  });

  it('after a failed publish, ends the batch so later rows do not overtake the failed one', async () => {
    await withTransaction(pool, async (client) => [
      await enqueueEvent(client, { source: 'tests', type: 'a', data: 1 }),
      await enqueueEvent(client, { source: 'tests', type: 'b', data: 2 }),
      await enqueueEvent(client, { source: 'tests', type: 'c', data: 3 }),
    ]);
    const calls: string[] = [];
    let failed = false;
    // The retry is due (10 ms) before the relay's next poll (100 ms): "b" must come before "c".
    const { relay } = relayFor({
      minBackoffMs: 10,
      pollIntervalMs: 100,
      publish: async (message) => {
        calls.push(message.routingKey);
        if (message.routingKey === 'b' && !failed) {
          failed = true;
          throw new Error('nack');
        }
      },
    });

    await relay.start();
    await waitUntil(async () => (await unsent()) === 0, { message: 'all three sent' });

    expect(calls).toEqual(['a', 'b', 'b', 'c']);
  });

  it('two relays on one database never publish the same row twice', async () => {
    const total = 200;
    await withTransaction(pool, async (client) => {
      for (let i = 0; i < total; i++) await enqueueEvent(client, { source: 'tests', type: 'bulk', data: { i } });
    });
    const seen: string[] = [];
    const byRelay = { a: 0, b: 0 };
    const publishAs = (name: keyof typeof byRelay) => async (message: OutboxMessage) => {
      // Yield while holding the batch, so the other relay runs at the same time.
      await sleep(1);
      byRelay[name]++;
      seen.push(message.id);
    };
    const otherPool = cleanup.pool(createPool({ url, max: 4, logger }));
    const a = relayFor({ batchSize: 10, publish: publishAs('a') });
    const b = relayFor({ pool: otherPool, batchSize: 10, publish: publishAs('b') });

    await Promise.all([a.relay.start(), b.relay.start()]);
    await waitUntil(async () => (await unsent()) === 0, { timeoutMs: 30_000, message: 'all rows sent' });

    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(byRelay.a).toBeGreaterThan(0);
    expect(byRelay.b).toBeGreaterThan(0);
  });

  it('stop waits for the batch in flight and commits what it published', async () => {
    await enqueueOne('slow');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { relay, published } = relayFor({
      publish: async (message) => {
        await gate;
        published.push(message);
      },
    });
    await relay.start();
    await sleep(100);

    const stopping = relay.stop();
    release();
    await stopping;

    expect(published).toHaveLength(1);
    expect(await unsent()).toBe(0);
  });
});

describe('pruneSent', () => {
  it('deletes sent rows older than the cutoff and keeps unsent ones', async () => {
    const old = await enqueueOne('old');
    const recent = await enqueueOne('recent');
    const pending = await enqueueOne('pending');
    await pool.query("UPDATE outbox SET sent_at = now() - interval '8 days' WHERE id = $1", [old.id]);
    await pool.query('UPDATE outbox SET sent_at = now() WHERE id = $1', [recent.id]);

    const deleted = await pruneSent(pool, 7 * 24 * 3600 * 1000);

    expect(deleted).toBe(1);
    const { rows } = await pool.query('SELECT id FROM outbox ORDER BY created_at');
    expect(rows.map((r) => r.id)).toEqual([recent.id, pending.id]);
  });

  it('also takes a Date', async () => {
    const sent = await enqueueOne('sent');
    await pool.query("UPDATE outbox SET sent_at = now() - interval '1 hour' WHERE id = $1", [sent.id]);

    expect(await pruneSent(pool, new Date())).toBe(1);
  });
});
