// Issue 12: "nothing is lost when the service itself or RabbitMQ restarts". Analytics reaches
// RabbitMQ through a proxy the test cuts; the observer publishes as the other services would,
// straight to the broker, so events pile up in analytics' queue while it cannot read it.
// Analytics publishes nothing, so there is no outbox of its own to watch.
import { randomUUID } from 'node:crypto';
import { createEvent, type EventEnvelope } from '@marquee/contracts';
import { ackedMessages, BrokerLink, sleep, waitUntil } from '@marquee/testing';
import {
  AnalyticsTestKit,
  fullRefund,
  purchase,
  showtimeCreated,
  showtimeFacts,
  step,
  ticketFacts,
  userRegistered,
  type Step,
} from '../../test/analytics-test-kit';

/**
 * A month of one showtime of 100 seats: 5 registrations, `tickets` tickets of 2 seats at 12.50
 * each, the first refunded in full; `expected` is its dashboard.
 */
function month(prefix: string, tickets = 10) {
  const showtime = showtimeFacts({ start_time: `${prefix}-20T20:00:00.000Z`, capacity: 100 });
  const sold = Array.from({ length: tickets }, (_, i) => ticketFacts(showtime, [`A${i + 1}`, `B${i + 1}`]));
  const at = (i: number) => new Date(Date.parse(`${prefix}-05T10:00:00.000Z`) + i * 60_000).toISOString();
  const steps: Step[] = [
    step('showtime.created', showtimeCreated(showtime), `${prefix}-01T08:00:00.000Z`),
    ...Array.from({ length: 5 }, () => step('user.registered', userRegistered(randomUUID()), `${prefix}-02T09:00:00.000Z`)),
    ...sold.flatMap((t, i) => purchase(t, at(i))),
    ...fullRefund(sold[0]!, `${prefix}-07T10:00:00.000Z`),
  ];
  const kept = tickets - 1;
  const expected = {
    tickets: kept,
    seats: 2 * kept,
    tickets_refunded: 1,
    gross_revenue: 25 * tickets,
    refunded: 25,
    revenue: 25 * kept,
    new_users: 5,
    occupancy: { showtimes: 1, seats_sold: 2 * kept, capacity: 100, rate: (2 * kept) / 100 },
  };
  return { steps, period: `from=${prefix}-01&to=${prefix}-28`, expected };
}

describe('analytics service: RabbitMQ outages, restarts and duplicate deliveries', () => {
  const kit = new AnalyticsTestKit();
  let link: BrokerLink;
  let env: Record<string, string>;

  beforeAll(async () => {
    link = await BrokerLink.start();
    env = { AMQP_URL: link.amqpUrl };
    await kit.start(env);
  });
  afterAll(async () => {
    link?.proxy.restore();
    await kit.stop();
    await link?.close();
  });

  const envelope = (s: Step): EventEnvelope => createEvent(s.type, s.data as never, { id: s.id, time: s.time, source: 'observer' });
  const ids = (steps: readonly Step[]) => steps.map((s) => s.id);
  const count = async (sql: string, params: unknown[]) => (await kit.pool.query<{ n: number }>(sql, params)).rows[0]?.n ?? 0;
  const stored = (steps: readonly Step[]) => count('SELECT count(*)::int AS n FROM domain_events WHERE id = ANY($1::uuid[])', [ids(steps)]);
  const handled = (steps: readonly Step[]) => count('SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])', [ids(steps)]);
  const dashboard = (period: string) => kit.get(`/api/analytics/dashboard?${period}`);

  /** The reports for `periods`, then again after a replay from the log: equal unless an aggregate counted an event twice or missed one. */
  async function expectReplayAgrees(periods: string[]): Promise<void> {
    const read = async () => Promise.all(periods.map((p) => dashboard(p)));
    const live = await read();
    await kit.handle.api.replay();
    expect(await read()).toEqual(live);
  }

  it('when RabbitMQ is cut while events arrive twice, then after it returns each is stored once and the aggregates count it once', async () => {
    const may = month('2026-05');
    const before = await ackedMessages(kit.handle);
    await link.cut(kit.handle);
    try {
      await Promise.all(may.steps.flatMap((s) => [kit.observer.publishEvent(envelope(s)), kit.observer.publishEvent(envelope(s))]));
      await sleep(3_000);
      expect(await stored(may.steps)).toBe(0);
    } finally {
      await link.restore(kit.handle);
    }

    await waitUntil(async () => (await handled(may.steps)) === may.steps.length, { timeoutMs: 30_000, message: 'every event handled' });
    await waitUntil(async () => (await ackedMessages(kit.handle)) - before >= 2 * may.steps.length, { timeoutMs: 15_000, message: 'both copies acknowledged' });
    expect(await stored(may.steps)).toBe(may.steps.length);
    expect(await dashboard(may.period)).toMatchObject(may.expected);
    await expectReplayAgrees([may.period]);
  }, 90_000);

  it('when the service stops with events still queued and more arrive while it is down, then the next start stores and counts each exactly once', async () => {
    // A backlog of 128 events: more than one process drains while it stops.
    const june = month('2026-06', 40);
    const july = month('2026-07');
    const base = await ackedMessages(kit.handle);
    // Queued while the link is cut, so there is a backlog when handling begins.
    await link.cut(kit.handle);
    try {
      for (const s of june.steps) await kit.observer.publishEvent(envelope(s));
    } finally {
      await link.restore(kit.handle);
    }
    await waitUntil(async () => (await handled(june.steps)) > 0, { intervalMs: 5, message: 'handling begun' });
    const stopped = kit.handle;
    await stopped.stop();
    // What the stopped process acknowledged: the rest was left in the queue for the next start.
    expect((await ackedMessages(stopped)) - base).toBeLessThan(june.steps.length);

    for (const s of july.steps) await kit.observer.publishEvent(envelope(s));
    kit.handle = await kit.startReplica(env);

    const all = [...june.steps, ...july.steps];
    await waitUntil(async () => (await handled(all)) === all.length, { timeoutMs: 30_000, message: 'every event handled after the restart' });
    expect(await stored(all)).toBe(all.length);
    expect(await dashboard(june.period)).toMatchObject(june.expected);
    expect(await dashboard(july.period)).toMatchObject(july.expected);
    await expectReplayAgrees([june.period, july.period]);
  }, 90_000);

  it('when every event of a month is delivered four times at once to two replicas, then each is stored and counted once', async () => {
    const august = month('2026-08', 4);
    const replica = await kit.startReplica(env);
    try {
      const before = await ackedMessages(kit.handle, replica);
      await Promise.all(august.steps.flatMap((s) => Array.from({ length: 4 }, () => kit.observer.publishEvent(envelope(s)))));
      await waitUntil(async () => (await ackedMessages(kit.handle, replica)) - before >= 4 * august.steps.length, { timeoutMs: 20_000, message: 'every copy acknowledged' });

      expect(await stored(august.steps)).toBe(august.steps.length);
      expect(await dashboard(august.period)).toMatchObject(august.expected);
      await expectReplayAgrees([august.period]);
    } finally {
      await replica.stop();
    }
  }, 60_000);
});
