import { randomUUID } from 'node:crypto';
import { createEvent } from '@marquee/contracts';
import { LoyaltyTestKit } from '../../test/loyalty-test-kit';

// One delivery at a time, in order: when a later event is handled, every earlier one was too.
describe('loyalty service: points from payments', () => {
  const kit = new LoyaltyTestKit({ AMQP_PREFETCH: '1' });
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  const movements = async (userId: string) =>
    (
      await kit.pool.query<{ reason: string; delta: number; lifetime_delta: number; source_id: string | null }>(
        'SELECT reason, delta::int AS delta, lifetime_delta::int AS lifetime_delta, source_id FROM point_movements WHERE user_id = $1 ORDER BY seq',
        [userId],
      )
    ).rows;

  it('when a first ticket is paid, then the buyer becomes a bronze member earning one point per whole currency unit, announced', async () => {
    const buyer = kit.user();
    expect(await kit.membership(buyer.userId)).toBeUndefined();
    const payment = await kit.pay(buyer.userId, 24.99);

    expect(await kit.membership(buyer.userId)).toEqual({ tier: 'bronze', points: 24, lifetime_points: 24 });
    const event = await kit.event('loyalty.points_changed', (d) => d.user_id === buyer.userId);
    expect(event.data).toEqual({
      user_id: buyer.userId,
      delta: 24,
      balance: 24,
      lifetime_points: 24,
      tier: 'bronze',
      reason: 'ticket_purchase',
      source_id: payment.payment_id,
      note: null,
    });
    const mine = await kit.call('GET', `/api/memberships/${buyer.userId}`, { token: buyer.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ user_id: buyer.userId, tier: 'bronze', points: 24, lifetime_points: 24 });
    expect(mine.body.movements).toEqual([
      expect.objectContaining({ reason: 'ticket_purchase', source_id: payment.payment_id, delta: 24, balance_after: 24, lifetime_points_after: 24 }),
    ]);
  });

  it('when payment.succeeded is delivered twice with one id, or told again under another id, then it earns once', async () => {
    const buyer = kit.user();
    const payment = kit.succeeded(buyer.userId, 40);
    const event = createEvent('payment.succeeded', payment, { source: 'payments' });
    await kit.observer.publishEvent(event);
    await kit.observer.publishEvent(event);
    await kit.handled(event.id);
    await kit.deliver('payment.succeeded', payment);
    await kit.deliver('payment.succeeded', { ...payment, ticket_id: randomUUID() });
    // A later payment, handled after every delivery above.
    await kit.pay(buyer.userId, 1);

    expect(await kit.membership(buyer.userId)).toEqual({ tier: 'bronze', points: 41, lifetime_points: 41 });
    expect(await movements(buyer.userId)).toHaveLength(2);
    expect(kit.eventsOf('loyalty.points_changed', buyer.userId).filter((d) => d.source_id === payment.payment_id)).toHaveLength(1);
  });

  it('when lifetime points cross a threshold, then the tier changes, is announced, and later payments earn at the new multiplier', async () => {
    const buyer = kit.user();
    await kit.pay(buyer.userId, 120);
    expect(await kit.membership(buyer.userId)).toEqual({ tier: 'silver', points: 120, lifetime_points: 120 });
    const changed = await kit.event('loyalty.tier_changed', (d) => d.user_id === buyer.userId);
    expect(changed.data).toEqual({ user_id: buyer.userId, from: 'bronze', to: 'silver', lifetime_points: 120 });

    await kit.pay(buyer.userId, 10.5);
    expect(await kit.membership(buyer.userId)).toEqual({ tier: 'silver', points: 135, lifetime_points: 135 });
    const points = kit.eventsOf('loyalty.points_changed', buyer.userId);
    expect(points.at(-1)).toMatchObject({ delta: 15, balance: 135, tier: 'silver' });
  });

  it('when a payment is refunded in parts, then each part takes back its share, in total exactly what the payment earned', async () => {
    const buyer = kit.user();
    await kit.pay(buyer.userId, 5);
    const payment = await kit.pay(buyer.userId, 30);
    expect(await kit.membership(buyer.userId)).toMatchObject({ points: 35, lifetime_points: 35 });

    const first = kit.refunded(payment, 10, 10);
    await kit.deliver('payment.refunded', first);
    expect(await kit.membership(buyer.userId)).toEqual({ tier: 'bronze', points: 25, lifetime_points: 25 });
    const taken = await kit.event('loyalty.points_changed', (d) => d.user_id === buyer.userId && d.reason === 'payment_refund');
    expect(taken.data).toMatchObject({ delta: -10, balance: 25, lifetime_points: 25, source_id: first.refund_id });

    // The same refund told again (another event id) takes nothing more.
    await kit.deliver('payment.refunded', first);
    expect(await kit.membership(buyer.userId)).toMatchObject({ points: 25 });

    await kit.deliver('payment.refunded', kit.refunded(payment, 20, 30));
    expect(await kit.membership(buyer.userId)).toEqual({ tier: 'bronze', points: 5, lifetime_points: 5 });
    // More refund events for a payment already refunded in full, and a refund of a payment never seen, change nothing.
    await kit.deliver('payment.refunded', kit.refunded(payment, 30, 30));
    await kit.deliver('payment.refunded', kit.refunded(kit.succeeded(buyer.userId, 99), 99, 99));
    expect(await kit.membership(buyer.userId)).toMatchObject({ points: 5, lifetime_points: 5 });
    expect((await movements(buyer.userId)).map((m) => [m.reason, m.delta])).toEqual([
      ['ticket_purchase', 5],
      ['ticket_purchase', 30],
      ['payment_refund', -10],
      ['payment_refund', -20],
    ]);
  });

  it('when partial refunds arrive out of order, then the larger total wins and the smaller one adds nothing', async () => {
    const buyer = kit.user();
    const payment = await kit.pay(buyer.userId, 40);
    await kit.deliver('payment.refunded', kit.refunded(payment, 10, 20));
    await kit.deliver('payment.refunded', kit.refunded(payment, 10, 10));
    expect(await kit.membership(buyer.userId)).toMatchObject({ points: 20, lifetime_points: 20 });
  });

  it('when the refunded points were already spent, then the balance goes to zero, not below, and the shortfall is written off', async () => {
    const buyer = kit.user();
    const payment = await kit.pay(buyer.userId, 50);
    const rewardId = await kit.reward(40);
    expect((await kit.redeem(buyer.token, rewardId)).status).toBe(201);
    expect(await kit.membership(buyer.userId)).toMatchObject({ points: 10, lifetime_points: 50 });

    await kit.deliver('payment.refunded', kit.refunded(payment, 50, 50));
    expect(await kit.membership(buyer.userId)).toEqual({ tier: 'bronze', points: 0, lifetime_points: 0 });
    const mine = await kit.call('GET', `/api/memberships/${buyer.userId}`, { token: buyer.token });
    expect(mine.body.movements[0]).toMatchObject({
      reason: 'payment_refund',
      delta: -10,
      lifetime_delta: -50,
      balance_after: 0,
      note: '40 of the 50 points to take back were already spent',
    });
    // A later purchase earns normally: nothing is owed.
    await kit.pay(buyer.userId, 7);
    expect(await kit.membership(buyer.userId)).toMatchObject({ points: 7, lifetime_points: 7 });
  });

  it('when a refund drops lifetime points below the threshold, then the tier goes back down, announced', async () => {
    const buyer = kit.user();
    const payment = await kit.pay(buyer.userId, 150);
    expect(await kit.membership(buyer.userId)).toMatchObject({ tier: 'silver' });
    await kit.deliver('payment.refunded', kit.refunded(payment, 150, 150));
    expect(await kit.membership(buyer.userId)).toEqual({ tier: 'bronze', points: 0, lifetime_points: 0 });
    const down = await kit.event('loyalty.tier_changed', (d) => d.user_id === buyer.userId && d.to === 'bronze');
    expect(down.data).toEqual({ user_id: buyer.userId, from: 'silver', to: 'bronze', lifetime_points: 0 });
  });

  it('when the refund overtakes its payment, then the payment earns and gives the refunded share back at once', async () => {
    const buyer = kit.user();
    const payment = kit.succeeded(buyer.userId, 60);
    await kit.deliver('payment.refunded', kit.refunded(payment, 15, 15));
    expect(await kit.membership(buyer.userId)).toBeUndefined();
    await kit.deliver('payment.succeeded', payment);
    expect(await kit.membership(buyer.userId)).toEqual({ tier: 'bronze', points: 45, lifetime_points: 45 });
    expect((await movements(buyer.userId)).map((m) => [m.reason, m.delta])).toEqual([
      ['ticket_purchase', 60],
      ['payment_refund', -15],
    ]);
  });

  it('when a payment is under one currency unit, then the buyer becomes a member but no points move', async () => {
    const buyer = kit.user();
    await kit.pay(buyer.userId, 0.5);
    expect(await kit.membership(buyer.userId)).toEqual({ tier: 'bronze', points: 0, lifetime_points: 0 });
    expect(await movements(buyer.userId)).toEqual([]);
  });
});
