import { UsersTestKit } from '../../test/users-test-kit';

describe('users service: sessions under concurrency', () => {
  const kit = new UsersTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when a refresh and a logout of one session race, then neither is a 500 and the session ends', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 30; round += 1) {
      const account = await kit.register();
      const [refresh, logout] = await Promise.all([
        kit.call('POST', '/api/auth/refresh', { body: { refresh_token: account.refresh_token }, ip: kit.nextIp() }),
        kit.call('POST', '/api/auth/logout', { token: account.access_token, ip: kit.nextIp() }),
      ]);
      outcomes.push(`${refresh.status}/${logout.status}`);
      expect({ round, refresh: refresh.status < 500, logout: logout.status < 500 }).toEqual({ round, refresh: true, logout: true });
      // Whichever went first, the session is over: a new refresh token from the race is dead too.
      const token = refresh.status === 200 ? refresh.body.refresh_token : account.refresh_token;
      expect((await kit.call('POST', '/api/auth/refresh', { body: { refresh_token: token }, ip: kit.nextIp() })).status).toBe(401);
    }
    expect(outcomes.every((o) => /^(200|401)\/204$/.test(o))).toBe(true);
  });
});
