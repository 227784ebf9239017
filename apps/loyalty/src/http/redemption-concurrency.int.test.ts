import { LoyaltyTestKit } from '../../test/loyalty-test-kit';

// Real concurrency against the real PostgreSQL: the conditional updates of the balance and of
// the stock are the only things deciding these races.
describe('loyalty service: concurrent redemptions', () => {
  const kit = new LoyaltyTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when one member with points for exactly 10 sends 50 redemptions at once, then exactly 10 × 201, 40 × 409 INSUFFICIENT_POINTS and a balance of 0', async () => {
    const member = kit.user();
    await kit.member(member.userId, 10 * 35);
    const rewardId = await kit.reward(35);

    const answers = await Promise.all(Array.from({ length: 50 }, () => kit.redeem(member.token, rewardId)));
    const won = answers.filter((a) => a.status === 201);
    expect(won).toHaveLength(10);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused).toHaveLength(40);
    for (const answer of refused) expect(answer.body).toMatchObject({ status: 409, code: 'INSUFFICIENT_POINTS' });
    expect(won.map((a) => a.body.points_left).sort((a, b) => a - b)).toEqual([0, 35, 70, 105, 140, 175, 210, 245, 280, 315]);
    expect(new Set(won.map((a) => a.body.code)).size).toBe(10);

    expect(await kit.membership(member.userId)).toMatchObject({ points: 0, lifetime_points: 350 });
    expect(await kit.count('SELECT count(*)::int AS n FROM redemptions WHERE user_id = $1', [member.userId])).toBe(10);
    expect(await kit.count("SELECT count(*)::int AS n FROM point_movements WHERE user_id = $1 AND reason = 'reward_redemption'", [member.userId])).toBe(10);
    expect(await kit.count("SELECT count(*)::int AS n FROM outbox WHERE routing_key = 'reward.redeemed' AND payload->'data'->>'user_id' = $1", [member.userId])).toBe(10);
  });

  it('when 50 members with enough points race for a reward with stock 5, then exactly 5 × 201, 45 × 409 OUT_OF_STOCK, and nobody else lost a point', async () => {
    const members = Array.from({ length: 50 }, () => kit.user());
    await Promise.all(members.map((m) => kit.member(m.userId, 100)));
    const rewardId = await kit.reward(60, 5);

    const answers = await Promise.all(members.map((m) => kit.redeem(m.token, rewardId)));
    const winners = members.filter((_, i) => answers[i]?.status === 201);
    expect(winners).toHaveLength(5);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused).toHaveLength(45);
    for (const answer of refused) expect(answer.body).toMatchObject({ status: 409, code: 'OUT_OF_STOCK' });

    expect((await kit.pool.query('SELECT stock FROM rewards WHERE id = $1', [rewardId])).rows[0].stock).toBe(0);
    expect(await kit.count('SELECT count(*)::int AS n FROM redemptions WHERE reward_id = $1', [rewardId])).toBe(5);
    const { rows } = await kit.pool.query<{ user_id: string; points: number }>(
      'SELECT user_id, points::int AS points FROM memberships WHERE user_id = ANY($1::uuid[])',
      [members.map((m) => m.userId)],
    );
    const winnerIds = new Set(winners.map((w) => w.userId));
    for (const row of rows) expect(row.points).toBe(winnerIds.has(row.user_id) ? 40 : 100);
    expect(rows).toHaveLength(50);
  });
});
