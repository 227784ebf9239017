// Issue 12: "nothing is lost when the service itself or RabbitMQ restarts". The service reaches
// RabbitMQ through a proxy the test cuts; the observer publishes as payments would, straight to
// the broker, so events pile up in loyalty's queue while it cannot read it.
import { createEvent, type DomainEvent } from '@marquee/contracts';
import { ackedMessages, BrokerLink, sleep, waitUntil } from '@marquee/testing';
import { LoyaltyTestKit } from '../../test/loyalty-test-kit';

describe('loyalty service: RabbitMQ outages, restarts and duplicate deliveries', () => {
  const kit = new LoyaltyTestKit();
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

  const count = (sql: string, params: unknown[] = []) => kit.count(sql, params);
  const handledCount = (ids: string[]) => count('SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])', [ids]);
  const movementsOf = (sourceId: string) => count('SELECT count(*)::int AS n FROM point_movements WHERE source_id = $1', [sourceId]);
  /** Distinct observed events (by id) of `type` matching `match`: a relay may publish one twice, never zero times. */
  const distinct = (type: string, match: (data: Record<string, unknown>) => boolean) =>
    new Set(kit.events.filter((e) => e.type === type && match(e.data as Record<string, unknown>)).map((e) => e.id)).size;
  const payment = (userId: string, amount: number) => createEvent('payment.succeeded', kit.succeeded(userId, amount), { source: 'payments' });

  it('when RabbitMQ is cut while payments are announced twice and an admin adjusts points, then after it returns each payment earns once and every loyalty event reaches the bus', async () => {
    const admin = kit.user('admin');
    const buyers = Array.from({ length: 8 }, () => kit.user().userId);
    const climber = kit.user().userId;
    const adjusted = kit.user().userId;
    await kit.member(climber, 90);
    await kit.member(adjusted, 10);
    const before = await ackedMessages(kit.handle);

    await link.cut(kit.handle);
    let events: DomainEvent<'payment.succeeded'>[];
    try {
      events = [...buyers.map((b, i) => payment(b, 10 + i)), payment(climber, 20)];
      // Every event twice, the copies side by side: the broker keeps both in loyalty's queue.
      await Promise.all(events.flatMap((e) => [kit.observer.publishEvent(e), kit.observer.publishEvent(e)]));
      // The HTTP side needs no broker: the adjustment commits, its event waits in the outbox.
      const adjust = await kit.call('POST', `/api/memberships/${adjusted}/points`, { token: admin.token, body: { points: 5, reason: 'during the outage' } });
      expect(adjust.status).toBe(201);
      await sleep(3_000);
      expect(await handledCount(events.map((e) => e.id))).toBe(0);
      expect(await count('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL')).toBeGreaterThanOrEqual(1);
      expect(distinct('loyalty.points_changed', (d) => d.user_id === adjusted && d.note === 'during the outage')).toBe(0);
    } finally {
      await link.restore(kit.handle);
    }

    await waitUntil(async () => (await handledCount(events.map((e) => e.id))) === events.length, { timeoutMs: 30_000, message: 'every payment handled' });
    // Both copies of every event consumed (acknowledged), so a duplicate had its chance to earn twice.
    await waitUntil(async () => (await ackedMessages(kit.handle)) - before >= 2 * events.length, { timeoutMs: 15_000, message: 'both copies acknowledged' });

    for (const [i, buyer] of buyers.entries()) {
      expect(await kit.membership(buyer)).toEqual({ tier: 'bronze', points: 10 + i, lifetime_points: 10 + i });
    }
    for (const e of events) expect(await movementsOf(e.data.payment_id)).toBe(1);
    expect(await kit.membership(climber)).toEqual({ tier: 'silver', points: 110, lifetime_points: 110 });
    expect(await kit.membership(adjusted)).toMatchObject({ points: 15, lifetime_points: 15 });

    // The outbox drains: the events written during the outage and after it reach the bus.
    await waitUntil(async () => (await count('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL')) === 0, { timeoutMs: 30_000, message: 'outbox drained' });
    await kit.event('loyalty.tier_changed', (d) => d.user_id === climber && d.to === 'silver');
    await kit.event('loyalty.points_changed', (d) => d.user_id === adjusted && d.note === 'during the outage');
    for (const e of events) expect(distinct('loyalty.points_changed', (d) => d.source_id === e.data.payment_id)).toBe(1);
    expect(distinct('loyalty.tier_changed', (d) => d.user_id === climber)).toBe(1);
  }, 90_000);

  it('when the service stops with payments still queued and more arrive while it is down, then the next start handles each exactly once', async () => {
    const buyers = Array.from({ length: 10 }, () => kit.user().userId);
    // 200 payments of 1: a backlog longer than what one process drains while it stops.
    const first = buyers.flatMap((b) => Array.from({ length: 20 }, () => payment(b, 1)));
    const base = await ackedMessages(kit.handle);
    // Queued while the link is cut, so there is a backlog when handling begins.
    await link.cut(kit.handle);
    try {
      for (const e of first) await kit.observer.publishEvent(e);
    } finally {
      await link.restore(kit.handle);
    }
    // Stop as soon as handling has begun: the rest is still in the queue or in flight.
    await waitUntil(async () => (await handledCount(first.map((e) => e.id))) > 0, { intervalMs: 5, message: 'handling begun' });
    const stopped = kit.handle;
    await stopped.stop();
    // What the stopped process acknowledged: the rest was left in the queue for the next start.
    const handledAtStop = (await ackedMessages(stopped)) - base;
    expect(handledAtStop).toBeLessThan(first.length);

    const second = buyers.flatMap((b) => [payment(b, 10), payment(b, 20)]);
    for (const e of second) await kit.observer.publishEvent(e);
    kit.handle = await kit.startReplica(env);

    const all = [...first, ...second];
    await waitUntil(async () => (await handledCount(all.map((e) => e.id))) === all.length, { timeoutMs: 30_000, message: 'every payment handled after the restart' });
    // 20 × 1, then 10 and 20: below silver (100), so the order does not change the multiplier.
    for (const buyer of buyers) expect(await kit.membership(buyer)).toEqual({ tier: 'bronze', points: 50, lifetime_points: 50 });
    expect(await count('SELECT count(*)::int AS n FROM point_movements WHERE user_id = ANY($1::uuid[])', [buyers])).toBe(all.length);
    await waitUntil(async () => (await count('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL')) === 0, { timeoutMs: 30_000, message: 'outbox drained' });
    await waitUntil(() => all.every((e) => distinct('loyalty.points_changed', (d) => d.source_id === e.data.payment_id) === 1), { message: 'one points_changed per payment' });
  }, 90_000);

  it('when one event is delivered six times at once to two replicas, then it earns once', async () => {
    const replica = await kit.startReplica(env);
    try {
      const before = await ackedMessages(kit.handle, replica);
      const buyer = kit.user().userId;
      const e = payment(buyer, 42);
      await Promise.all(Array.from({ length: 6 }, () => kit.observer.publishEvent(e)));
      await waitUntil(async () => (await ackedMessages(kit.handle, replica)) - before >= 6, { timeoutMs: 15_000, message: 'every copy acknowledged' });

      expect(await kit.membership(buyer)).toEqual({ tier: 'bronze', points: 42, lifetime_points: 42 });
      expect(await movementsOf(e.data.payment_id)).toBe(1);
      expect(await handledCount([e.id])).toBe(1);
      await waitUntil(() => distinct('loyalty.points_changed', (d) => d.user_id === buyer) === 1, { message: 'one points_changed' });
    } finally {
      await replica.stop();
    }
  });

  it("when a refund races its payment's first event (each told three times, two replicas), then the refunded share is always taken back", async () => {
    const replica = await kit.startReplica(env);
    try {
      const before = await ackedMessages(kit.handle, replica);
      const buyers = Array.from({ length: 20 }, () => kit.user().userId);
      const pairs = buyers.map((b) => {
        const paid = payment(b, 40);
        return [paid, createEvent('payment.refunded', kit.refunded(paid.data, 10, 10), { source: 'payments' })] as const;
      });
      await Promise.all(pairs.flatMap(([paid, refund]) => Array.from({ length: 3 }, () => [kit.observer.publishEvent(paid), kit.observer.publishEvent(refund)]).flat()));
      await waitUntil(async () => (await ackedMessages(kit.handle, replica)) - before >= 6 * pairs.length, { timeoutMs: 20_000, message: 'every copy acknowledged' });

      for (const buyer of buyers) expect(await kit.membership(buyer)).toEqual({ tier: 'bronze', points: 30, lifetime_points: 30 });
      for (const [paid, refund] of pairs) {
        expect(await movementsOf(paid.data.payment_id)).toBe(1);
        expect(await movementsOf(refund.data.refund_id)).toBe(1);
      }
    } finally {
      await replica.stop();
    }
  }, 60_000);
});
