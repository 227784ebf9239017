import { randomUUID } from 'node:crypto';
import type { UserRegisteredData } from '@marquee/contracts';
import { ServiceTestKit } from '@marquee/testing';
import { videosService } from '../app';

function user(overrides: Partial<UserRegisteredData> = {}): UserRegisteredData {
  return {
    user_id: randomUUID(),
    email: `${randomUUID()}@example.com`,
    username: null,
    first_name: null,
    last_name: null,
    name: 'Ada Lovelace',
    city: null,
    country: null,
    phone_number: null,
    genres: [],
    role: 'user',
    maturity_filter: 'all',
    preferred_language: null,
    ...overrides,
  };
}

describe('videos service: user events', () => {
  const kit = new ServiceTestKit(videosService);
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  const nameOf = async (userId: string) =>
    (await kit.pool.query<{ name: string }>('SELECT name FROM known_users WHERE user_id = $1', [userId])).rows[0]?.name;

  it('when a user registers and then changes their name, then the read model has the newer name', async () => {
    const ada = user();
    await kit.deliver('user.registered', ada, { time: new Date('2026-01-01T10:00:00Z') });
    expect(await nameOf(ada.user_id)).toBe('Ada Lovelace');
    await kit.deliver('user.updated', { ...ada, name: 'Ada King' }, { time: new Date('2026-01-02T10:00:00Z') });
    expect(await nameOf(ada.user_id)).toBe('Ada King');
    await kit.deliver('user.updated', { ...ada, name: 'Ada King', city: 'Bogotá', country: 'Colombia' }, { time: new Date('2026-01-03T10:00:00Z') });
    const place = (await kit.pool.query('SELECT city, city_key, country_key FROM known_users WHERE user_id = $1', [ada.user_id])).rows[0];
    expect(place).toEqual({ city: 'Bogotá', city_key: 'bogota', country_key: 'colombia' });
  });

  it('when an older event arrives late, then it changes nothing', async () => {
    const grace = user({ name: 'Grace Hopper' });
    await kit.deliver('user.updated', grace, { time: new Date('2026-03-01T10:00:00Z') });
    await kit.deliver('user.registered', { ...grace, name: 'Grace Murray' }, { time: new Date('2026-02-01T10:00:00Z') });
    expect(await nameOf(grace.user_id)).toBe('Grace Hopper');
  });
});
