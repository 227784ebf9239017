import { LoyaltyTestKit } from '../../test/loyalty-test-kit';

describe('loyalty service: memberships', () => {
  const kit = new LoyaltyTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when a user joins twice, then 201 and then 200 with the same membership, and one row', async () => {
    const me = kit.user();
    const first = await kit.call('POST', '/api/memberships', { token: me.token });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ user_id: me.userId, tier: 'bronze', points: 0, lifetime_points: 0, joined_at: expect.any(String) });
    const again = await kit.call('POST', '/api/memberships', { token: me.token, body: {} });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await kit.count('SELECT count(*)::int AS n FROM memberships WHERE user_id = $1', [me.userId])).toBe(1);
  });

  it('when many join requests of one user race, then exactly one 201 and one row', async () => {
    const me = kit.user();
    const answers = await Promise.all(Array.from({ length: 20 }, () => kit.call('POST', '/api/memberships', { token: me.token })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(19);
    expect(await kit.count('SELECT count(*)::int AS n FROM memberships WHERE user_id = $1', [me.userId])).toBe(1);
  });

  it('when someone joins or reads another user, then 403 unless an admin; no token is 401; not a member is 404', async () => {
    const me = kit.user();
    const other = kit.user();
    const admin = kit.user('admin');
    const forOther = await kit.call('POST', '/api/memberships', { token: me.token, body: { user_id: other.userId } });
    expect(forOther.status).toBe(403);
    expect(forOther.body.code).toBe('FORBIDDEN');
    expect(await kit.membership(other.userId)).toBeUndefined();
    expect((await kit.call('POST', '/api/memberships', { token: admin.token, body: { user_id: other.userId } })).status).toBe(201);

    expect((await kit.call('GET', `/api/memberships/${other.userId}`, { token: me.token })).status).toBe(403);
    expect((await kit.call('GET', `/api/memberships/${other.userId}`, { token: other.token })).status).toBe(200);
    expect((await kit.call('GET', `/api/memberships/${other.userId}`, { token: admin.token })).status).toBe(200);
    expect((await kit.call('GET', `/api/memberships/${other.userId}`)).status).toBe(401);
    expect((await kit.call('POST', '/api/memberships')).status).toBe(401);
    const missing = await kit.call('GET', `/api/memberships/${me.userId}`, { token: me.token });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const bad = await kit.call('GET', '/api/memberships/not-a-uuid', { token: admin.token });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'params.user_id', message: 'must be a UUID' }]);
  });

  it('when an admin adjusts points up and down, then the balance and lifetime points move, the ledger keeps the reason, and events go out', async () => {
    const member = kit.user();
    const admin = kit.user('admin');
    await kit.member(member.userId, 0);
    const up = await kit.call('POST', `/api/memberships/${member.userId}/points`, { token: admin.token, body: { points: 150, reason: '  Apology for a broken projector ' } });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ user_id: member.userId, tier: 'silver', points: 150, lifetime_points: 150 });
    expect(up.body.movement).toMatchObject({ reason: 'manual_adjustment', source_id: null, delta: 150, balance_after: 150, note: 'Apology for a broken projector' });
    const down = await kit.call('POST', `/api/memberships/${member.userId}/points`, { token: admin.token, body: { points: -60, reason: 'Granted twice by mistake' } });
    expect(down.status).toBe(201);
    expect(down.body).toMatchObject({ tier: 'bronze', points: 90, lifetime_points: 90 });

    await kit.event('loyalty.points_changed', (d) => d.user_id === member.userId && d.delta === -60);
    expect(kit.eventsOf('loyalty.points_changed', member.userId).map((d) => [d.delta, d.balance, d.reason, d.source_id, d.note])).toEqual([
      [150, 150, 'manual_adjustment', null, 'Apology for a broken projector'],
      [-60, 90, 'manual_adjustment', null, 'Granted twice by mistake'],
    ]);
    const tiers = await kit.event('loyalty.tier_changed', (d) => d.user_id === member.userId && d.to === 'bronze');
    expect(tiers.data).toMatchObject({ from: 'silver', to: 'bronze', lifetime_points: 90 });

    const mine = await kit.call('GET', `/api/memberships/${member.userId}`, { token: member.token });
    expect(mine.body.movements.map((m: { delta: number; balance_after: number }) => [m.delta, m.balance_after])).toEqual([
      [-60, 90],
      [150, 150],
    ]);
  });

  it('when a negative adjustment is larger than the balance, then 409 INSUFFICIENT_POINTS and nothing changes', async () => {
    const member = kit.user();
    const admin = kit.user('admin');
    await kit.member(member.userId, 30);
    const before = await kit.count('SELECT count(*)::int AS n FROM point_movements WHERE user_id = $1', [member.userId]);
    const res = await kit.call('POST', `/api/memberships/${member.userId}/points`, { token: admin.token, body: { points: -31, reason: 'Too much' } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'INSUFFICIENT_POINTS', points: 30, needed: 31 });
    expect(await kit.membership(member.userId)).toEqual({ tier: 'bronze', points: 30, lifetime_points: 30 });
    expect(await kit.count('SELECT count(*)::int AS n FROM point_movements WHERE user_id = $1', [member.userId])).toBe(before);

    const exact = await kit.call('POST', `/api/memberships/${member.userId}/points`, { token: admin.token, body: { points: -30, reason: 'All of it' } });
    expect(exact.status).toBe(201);
    expect(exact.body.points).toBe(0);
  });

  it('when concurrent negative adjustments exceed the balance, then only those that fit succeed and the balance ends at zero', async () => {
    const member = kit.user();
    const admin = kit.user('admin');
    await kit.member(member.userId, 100);
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => kit.call('POST', `/api/memberships/${member.userId}/points`, { token: admin.token, body: { points: -10, reason: 'Race' } })),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(10);
    expect(answers.filter((a) => a.status === 409 && a.body.code === 'INSUFFICIENT_POINTS')).toHaveLength(20);
    expect(await kit.membership(member.userId)).toMatchObject({ points: 0 });
  });

  it('when a non-admin adjusts, the member is unknown, or the body is bad, then 403, 404 and 400 naming the field', async () => {
    const member = kit.user();
    const admin = kit.user('admin');
    await kit.member(member.userId, 10);
    const self = await kit.call('POST', `/api/memberships/${member.userId}/points`, { token: member.token, body: { points: 1000, reason: 'Me' } });
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('FORBIDDEN');
    const unknown = await kit.call('POST', `/api/memberships/${kit.user().userId}/points`, { token: admin.token, body: { points: 5, reason: 'Who?' } });
    expect(unknown.status).toBe(404);
    const zero = await kit.call('POST', `/api/memberships/${member.userId}/points`, { token: admin.token, body: { points: 0, reason: 'Nothing' } });
    expect(zero.status).toBe(400);
    expect(zero.body.errors).toEqual([{ field: 'body.points', message: 'must not be 0' }]);
    const fraction = await kit.call('POST', `/api/memberships/${member.userId}/points`, { token: admin.token, body: { points: 1.5, reason: '   ' } });
    expect(fraction.status).toBe(400);
    expect(fraction.body.errors).toEqual([
      { field: 'body.points', message: 'must be a whole number from -1000000 to 1000000' },
      { field: 'body.reason', message: 'is required' },
    ]);
    expect(await kit.membership(member.userId)).toMatchObject({ points: 10 });
  });
});
