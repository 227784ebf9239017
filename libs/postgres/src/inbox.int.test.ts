import { randomUUID } from 'node:crypto';
import { Cleanup, createMigratedDatabase, logger } from '../test/helpers';
import { createPool, pruneInbox, recordInbox, withTransaction } from './index';

const cleanup = new Cleanup();
let pool: ReturnType<typeof createPool>;

beforeAll(async () => {
  const db = cleanup.add(await createMigratedDatabase(), (d) => d.drop());
  pool = cleanup.pool(createPool({ url: db.url, max: 2, logger }));
});
afterAll(() => cleanup.run());

describe('recordInbox', () => {
  it('is true for a new event and false when the same consumer sees it again', async () => {
    const eventId = randomUUID();

    expect(await withTransaction(pool, (client) => recordInbox(client, 'tickets.payment-succeeded', eventId))).toBe(true);
    expect(await withTransaction(pool, (client) => recordInbox(client, 'tickets.payment-succeeded', eventId))).toBe(false);
  });

  it('keeps consumers apart: another consumer still sees the event as new', async () => {
    const eventId = randomUUID();
    await recordInbox(pool, 'loyalty.payment-succeeded', eventId);

    expect(await recordInbox(pool, 'notifications.payment-succeeded', eventId)).toBe(true);
  });

  it('forgets an event whose transaction rolled back, so the redelivery is handled', async () => {
    const eventId = randomUUID();
    await expect(
      withTransaction(pool, async (client) => {
        await recordInbox(client, 'analytics.sales', eventId);
        throw new Error('effect failed');
      }),
    ).rejects.toThrow('effect failed');

    expect(await recordInbox(pool, 'analytics.sales', eventId)).toBe(true);
  });
});

describe('pruneInbox', () => {
  it('deletes entries older than the cutoff only', async () => {
    const old = randomUUID();
    const recent = randomUUID();
    await recordInbox(pool, 'prune', old);
    await recordInbox(pool, 'prune', recent);
    await pool.query("UPDATE inbox SET received_at = now() - interval '40 days' WHERE event_id = $1", [old]);

    const deleted = await pruneInbox(pool, 30 * 24 * 3600 * 1000, 1);

    expect(deleted).toBeGreaterThanOrEqual(1);
    const { rows } = await pool.query("SELECT event_id FROM inbox WHERE consumer = 'prune'");
    expect(rows).toEqual([{ event_id: recent }]);
  });
});
