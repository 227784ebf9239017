import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { UserRegisteredData } from '@marquee/contracts';
import { ServiceTestKit } from '@marquee/testing';
import { notificationsService } from '../app';

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

describe('notifications service: user events', () => {
  const outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-mail-outbox-'));
  const kit = new ServiceTestKit(notificationsService);
  beforeAll(() => kit.start({ MAIL_OUTBOX_DIR: outbox, USERS_URL: 'http://127.0.0.1:9' }));
  afterAll(async () => {
    await kit.stop();
    fs.rmSync(outbox, { recursive: true, force: true });
  });

  const nameOf = async (userId: string) =>
    (await kit.pool.query<{ name: string }>('SELECT name FROM known_users WHERE user_id = $1', [userId])).rows[0]?.name;
  const row = async (userId: string) =>
    (await kit.pool.query('SELECT email, name, phone_number FROM known_users WHERE user_id = $1', [userId])).rows[0];

  it('when a user registers and then changes their name, then the read model has the newer name', async () => {
    const ada = user();
    await kit.deliver('user.registered', ada, { time: new Date('2026-01-01T10:00:00Z') });
    expect(await nameOf(ada.user_id)).toBe('Ada Lovelace');
    await kit.deliver('user.updated', { ...ada, name: 'Ada King' }, { time: new Date('2026-01-02T10:00:00Z') });
    expect(await nameOf(ada.user_id)).toBe('Ada King');
  });

  it('when an older event arrives late, then it changes nothing', async () => {
    const grace = user({ name: 'Grace Hopper' });
    await kit.deliver('user.updated', grace, { time: new Date('2026-03-01T10:00:00Z') });
    await kit.deliver('user.registered', { ...grace, name: 'Grace Murray' }, { time: new Date('2026-02-01T10:00:00Z') });
    expect(await nameOf(grace.user_id)).toBe('Grace Hopper');
  });

  it('when a user changes e-mail and phone number, then the read model keeps the newer ones', async () => {
    const alan = user({ name: 'Alan Turing' });
    await kit.deliver('user.registered', alan, { time: new Date('2026-04-01T10:00:00Z') });
    expect(await row(alan.user_id)).toEqual({ email: alan.email, name: 'Alan Turing', phone_number: null });
    await kit.deliver('user.updated', { ...alan, email: 'alan@example.org', phone_number: '+441234567890' }, { time: new Date('2026-04-02T10:00:00Z') });
    expect(await row(alan.user_id)).toEqual({ email: 'alan@example.org', name: 'Alan Turing', phone_number: '+441234567890' });
  });
});
