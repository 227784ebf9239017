import { randomUUID } from 'node:crypto';
import { waitUntil } from '@marquee/testing';
import { EventsTestKit } from '../../test/events-test-kit';

describe('events service: attendee names from the users directory', () => {
  const kit = new EventsTestKit();
  // Accounts that exist before this service first starts: the backfill brings them.
  const early = Array.from({ length: 120 }, (_, i) => ({ id: randomUUID(), name: `Early ${i}` }));

  beforeAll(async () => {
    kit.users.add(...early);
    await kit.start();
  });
  afterAll(() => kit.stop());

  const known = async () => (await kit.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM known_users')).rows[0]!.n;

  it('when the service starts after accounts existed, then it backfills their names page by page, once', async () => {
    await waitUntil(async () => (await kit.pool.query('SELECT 1 FROM user_backfill')).rowCount === 1, { message: 'backfill done' });
    expect(await known()).toBe(120);
    const pages = kit.users.requests.filter((p) => p.startsWith('/internal/users?'));
    expect(pages).toEqual(['/internal/users?page=1&limit=100', '/internal/users?page=2&limit=100']);
    // The job keeps running; a completed backfill is not done again.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(kit.users.requests.filter((p) => p.startsWith('/internal/users?'))).toHaveLength(2);
  });

  it('when an attendee is unknown here, then the directory is asked once before the list answers, and an account it does not know stays nameless', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token);
    const backfilled = kit.user('user', early[0]!.id);
    const late = kit.user();
    const ghost = kit.user();
    kit.users.add({ id: late.userId, name: 'Late Comer' });
    for (const who of [backfilled, late, ghost]) await kit.register(who.token, event.id);

    const list = async () => (await kit.call('GET', `/api/events/${event.id}/attendees`, { token: org.token })).body.items.map((a: { name: string | null }) => a.name);
    expect(await list()).toEqual(['Early 0', 'Late Comer', null]);
    expect(kit.users.requests).toContain(`/internal/users/${late.userId}`);
    expect(kit.users.requests).not.toContain(`/internal/users/${backfilled.userId}`);
    // Remembered: the next listing asks only about the account the directory does not know.
    const before = kit.users.requests.length;
    expect(await list()).toEqual(['Early 0', 'Late Comer', null]);
    expect(kit.users.requests.slice(before)).toEqual([`/internal/users/${ghost.userId}`]);
  });

  it('when the users service fails, then the list still answers, without the names it could not learn', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token);
    const stranger = kit.user();
    kit.users.add({ id: stranger.userId, name: 'Never Asked' });
    await kit.register(stranger.token, event.id);
    kit.users.failWith = 500;
    try {
      const res = await kit.call('GET', `/api/events/${event.id}/attendees`, { token: org.token });
      expect(res.status).toBe(200);
      expect(res.body.items.map((a: { name: string | null }) => a.name)).toEqual([null]);
    } finally {
      kit.users.failWith = undefined;
    }
  });
});
