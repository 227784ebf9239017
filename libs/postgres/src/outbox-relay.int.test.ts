import { sleep, TcpProxy, waitUntil } from '@marquee/testing';
import type pg from 'pg';
import { Cleanup, createMigratedDatabase, logger } from '../test/helpers';
import { createPool, enqueueEvent, OutboxRelay, withTransaction, type OutboxMessage } from './index';

const cleanup = new Cleanup();
let direct: pg.Pool;
let proxied: pg.Pool;
let proxy: TcpProxy;

beforeAll(async () => {
  const db = cleanup.add(await createMigratedDatabase(), (d) => d.drop());
  direct = cleanup.pool(createPool({ url: db.url, max: 2, logger }));
  const target = new URL(db.url);
  proxy = cleanup.add(await TcpProxy.start(target.hostname, Number(target.port || 5432)), (p) => p.close());
  proxied = cleanup.pool(createPool({ url: proxy.url(db.url), max: 2, logger, connectionTimeoutMs: 2_000 }));
});
afterAll(() => cleanup.run());

async function isSent(id: string): Promise<boolean> {
  const { rows } = await direct.query('SELECT sent_at IS NOT NULL AS sent FROM outbox WHERE id = $1', [id]);
  return rows[0]?.sent === true;
}

function enqueueOne(type: string) {
  return withTransaction(direct, (client) => enqueueEvent(client, { source: 'tests', type, data: {} }));
}

describe('OutboxRelay when its connection to PostgreSQL is cut', () => {
  it('listens again once the server is back, and is woken by NOTIFY as before', async () => {
    const published: OutboxMessage[] = [];
    // Polling alone would take a minute: only NOTIFY can deliver within the waits below.
    const relay = cleanup.add(
      new OutboxRelay({ pool: proxied, logger, pollIntervalMs: 60_000, publish: async (m) => void published.push(m) }),
      (r) => r.stop(),
    );
    await relay.start();
    expect(relay.listening).toBe(true);
    const before = await enqueueOne('before.cut');
    await waitUntil(() => published.some((m) => m.id === before.id), { timeoutMs: 3_000, message: 'first event' });
    // Cut only once its batch committed, or the event would rightly be published again.
    await waitUntil(() => isSent(before.id), { timeoutMs: 3_000, message: 'first event marked sent' });

    proxy.cut();
    await waitUntil(() => !relay.listening, { timeoutMs: 3_000, message: 'relay noticing the cut' });
    const during = await enqueueOne('during.cut');
    // Long enough for a reconnect attempt to fail while the server is away.
    await sleep(700);
    proxy.restore();
    await waitUntil(() => relay.listening, { timeoutMs: 15_000, message: 'relay listening again' });
    await waitUntil(() => published.some((m) => m.id === during.id), { timeoutMs: 3_000, message: 'event written during the cut' });
    const after = await enqueueOne('after.cut');

    await waitUntil(() => published.some((m) => m.id === after.id), { timeoutMs: 3_000, message: 'event after the cut' });
    expect(published.map((m) => m.routingKey)).toEqual(['before.cut', 'during.cut', 'after.cut']);
  });
});
