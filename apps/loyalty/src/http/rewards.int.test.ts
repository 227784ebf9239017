import { REDEMPTION_CODE_PATTERN } from '../domain/redemption-code';
import { demoRewards } from '../seed/demo-rewards';
import { LoyaltyTestKit } from '../../test/loyalty-test-kit';

describe('loyalty service: rewards', () => {
  const kit = new LoyaltyTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when an admin adds rewards, then anyone lists them cheapest first, paged, with stock and availability', async () => {
    const admin = kit.user('admin');
    const created = await kit.call('POST', '/api/rewards', {
      token: admin.token,
      body: { name: '  Large popcorn ', description: 'Salted or sweet', cost_points: 30, stock: 2 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'Large popcorn',
      description: 'Salted or sweet',
      cost_points: 30,
      stock: 2,
      available: true,
      created_at: expect.any(String),
    });
    await kit.call('POST', '/api/rewards', { token: admin.token, body: { name: 'Sticker', description: 'A sticker', cost_points: 5 } });
    await kit.call('POST', '/api/rewards', { token: admin.token, body: { name: 'Empty shelf', description: 'Gone', cost_points: 10, stock: 0 } });

    const page = await kit.call('GET', '/api/rewards?limit=2');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ page: 1, limit: 2, total: 3, total_pages: 2 });
    expect(page.body.items.map((r: { name: string; stock: number | null; available: boolean }) => [r.name, r.stock, r.available])).toEqual([
      ['Sticker', null, true],
      ['Empty shelf', 0, false],
    ]);
    const second = await kit.call('GET', '/api/rewards?page=2&limit=2');
    expect(second.body.items.map((r: { name: string }) => r.name)).toEqual(['Large popcorn']);
  });

  it('when a non-admin adds a reward, the name repeats, or the body is bad, then 403, 409 CONFLICT and 400 naming the field', async () => {
    const admin = kit.user('admin');
    const body = { name: 'Unique mug', description: 'A mug', cost_points: 100 };
    expect((await kit.call('POST', '/api/rewards', { token: kit.user().token, body })).status).toBe(403);
    expect((await kit.call('POST', '/api/rewards', { body })).status).toBe(401);
    expect((await kit.call('POST', '/api/rewards', { token: admin.token, body })).status).toBe(201);
    const again = await kit.call('POST', '/api/rewards', { token: admin.token, body: { ...body, name: 'UNIQUE MUG' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');
    const bad = await kit.call('POST', '/api/rewards', { token: admin.token, body: { name: '', description: 'x', cost_points: 0, stock: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { field: 'body.name', message: 'is required' },
      { field: 'body.cost_points', message: 'must be a whole number from 1 to 10000000' },
      { field: 'body.stock', message: 'must be a whole number from 0 to 1000000' },
    ]);
  });

  it('when a member redeems, then 201 with a unique code and the balance left, the stock goes down, and both events go out', async () => {
    const member = kit.user();
    await kit.member(member.userId, 100);
    const rewardId = await kit.reward(30, 3);

    const first = await kit.redeem(member.token, rewardId);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ redemption_id: expect.any(String), reward_id: rewardId, code: expect.stringMatching(REDEMPTION_CODE_PATTERN), points_left: 70 });
    const second = await kit.redeem(member.token, rewardId);
    expect(second.body.points_left).toBe(40);
    expect(second.body.code).not.toBe(first.body.code);
    expect(await kit.membership(member.userId)).toEqual({ tier: 'silver', points: 40, lifetime_points: 100 });
    expect((await kit.pool.query('SELECT stock FROM rewards WHERE id = $1', [rewardId])).rows[0].stock).toBe(1);

    const redeemed = await kit.event('reward.redeemed', (d) => d.redemption_id === first.body.redemption_id);
    expect(redeemed.data).toEqual({
      user_id: member.userId,
      reward_id: rewardId,
      reward_name: expect.stringMatching(/^Reward /),
      redemption_id: first.body.redemption_id,
      cost_points: 30,
      code: first.body.code,
      points_left: 70,
    });
    const spent = await kit.event('loyalty.points_changed', (d) => d.source_id === first.body.redemption_id);
    expect(spent.data).toMatchObject({ user_id: member.userId, delta: -30, balance: 70, lifetime_points: 100, reason: 'reward_redemption' });
  });

  it('when the balance is short, the member is not one yet, the stock is gone or the reward unknown, then 409/409/409/404 and nothing is spent', async () => {
    const member = kit.user();
    await kit.member(member.userId, 50);
    const dear = await kit.reward(51);
    const short = await kit.redeem(member.token, dear);
    expect(short.status).toBe(409);
    expect(short.body).toMatchObject({ code: 'INSUFFICIENT_POINTS', points: 50, needed: 51 });

    const stranger = kit.user();
    const notMember = await kit.redeem(stranger.token, dear);
    expect(notMember.status).toBe(409);
    expect(notMember.body).toMatchObject({ code: 'INSUFFICIENT_POINTS', points: 0 });
    expect(await kit.membership(stranger.userId)).toBeUndefined();

    const gone = await kit.reward(10, 0);
    const out = await kit.redeem(member.token, gone);
    expect(out.status).toBe(409);
    expect(out.body.code).toBe('OUT_OF_STOCK');

    const unknown = await kit.redeem(member.token, '6f0d1c55-1111-4222-8333-944455556666');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
    expect((await kit.call('POST', `/api/rewards/${dear}/redeem`)).status).toBe(401);

    expect(await kit.membership(member.userId)).toEqual({ tier: 'bronze', points: 50, lifetime_points: 50 });
    expect(await kit.count('SELECT count(*)::int AS n FROM redemptions WHERE user_id = $1', [member.userId])).toBe(0);
    expect(await kit.count("SELECT count(*)::int AS n FROM point_movements WHERE user_id = $1 AND reason = 'reward_redemption'", [member.userId])).toBe(0);
  });

  it('when a redemption is retried with its Idempotency-Key, then the first answer comes back and points are spent once; the key on another reward is 409', async () => {
    const member = kit.user();
    await kit.member(member.userId, 100);
    const rewardId = await kit.reward(25);
    const headers = { 'idempotency-key': 'redeem-1' };
    const first = await kit.redeem(member.token, rewardId, headers);
    expect(first.status).toBe(201);
    const again = await kit.redeem(member.token, rewardId, headers);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const racing = await Promise.all(Array.from({ length: 10 }, () => kit.redeem(member.token, rewardId, { 'idempotency-key': 'redeem-2' })));
    expect(racing.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(new Set(racing.map((a) => a.body.redemption_id)).size).toBe(1);
    expect(await kit.membership(member.userId)).toMatchObject({ points: 50 });
    expect(await kit.count('SELECT count(*)::int AS n FROM redemptions WHERE user_id = $1', [member.userId])).toBe(2);

    const other = await kit.reward(10);
    const reused = await kit.redeem(member.token, other, headers);
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Another member's same key is their own.
    const someone = kit.user();
    await kit.member(someone.userId, 25);
    expect((await kit.redeem(someone.token, rewardId, headers)).status).toBe(201);
  });

  it('when a refused redemption is retried with the same key, then it runs again for real (the failure stored nothing)', async () => {
    const member = kit.user();
    await kit.member(member.userId, 10);
    const rewardId = await kit.reward(20);
    const headers = { 'idempotency-key': 'try-again' };
    expect((await kit.redeem(member.token, rewardId, headers)).status).toBe(409);
    await kit.call('POST', `/api/memberships/${member.userId}/points`, { token: kit.user('admin').token, body: { points: 10, reason: 'Top up' } });
    const retried = await kit.redeem(member.token, rewardId, headers);
    expect(retried.status).toBe(201);
    expect(retried.body.points_left).toBe(0);
  });

  it('when two replicas start with SEED_DEMO, then the demo rewards are there once, and a later start adds nothing', async () => {
    await Promise.all([kit.startReplica({ SEED_DEMO: 'true' }), kit.startReplica({ SEED_DEMO: 'true' })]);
    await kit.startReplica({ SEED_DEMO: 'true' });
    const names = demoRewards.map((r) => r.name);
    const { rows } = await kit.pool.query<{ name: string }>('SELECT name FROM rewards WHERE name = ANY($1::text[]) ORDER BY cost_points', [names]);
    expect(rows.map((r) => r.name)).toEqual(names);
    const listed = await kit.call('GET', '/api/rewards?limit=100');
    expect(listed.body.items.filter((r: { name: string }) => names.includes(r.name))).toHaveLength(demoRewards.length);
  });
});
