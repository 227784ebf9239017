import { randomUUID } from 'node:crypto';
import { MoviesTestKit, userData } from '../../test/movies-test-kit';

describe('movies service: user events', () => {
  const kit = new MoviesTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when a user registers or updates their profile, then their genres (ids or names) and maturity filter are kept as names', async () => {
    const userId = randomUUID();
    const t = Date.now();
    await kit.deliver('user.registered', userData(userId, { genres: ['28', 'drama', 'Polka', '99999'], maturity_filter: 'teen' }), { time: new Date(t) });
    const row = async () => (await kit.pool.query('SELECT genres, maturity_filter FROM users WHERE id = $1', [userId])).rows[0];
    expect(await row()).toEqual({ genres: ['Action', 'Drama'], maturity_filter: 'teen' });
    await kit.deliver('user.updated', userData(userId, { genres: ['Science Fiction'], maturity_filter: 'adult' }), { time: new Date(t + 2_000) });
    await kit.deliver('user.updated', userData(userId, { genres: ['Western'], maturity_filter: 'all' }), { time: new Date(t + 1_000) });
    expect(await row()).toEqual({ genres: ['Science Fiction'], maturity_filter: 'adult' });
  });
});
