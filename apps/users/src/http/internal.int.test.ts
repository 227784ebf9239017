import { randomUUID } from 'node:crypto';
import { UsersTestKit } from '../../test/users-test-kit';

const SECRET = 'an-internal-token-of-at-least-32-characters';

describe('users service: the internal directory other services backfill from', () => {
  const kit = new UsersTestKit();
  // Only 127.0.0.2 is "the platform" here; 127.0.0.1 plays a stranger on the network.
  beforeAll(() => kit.start({ INTERNAL_ALLOW: '127.0.0.2', INTERNAL_TOKEN: SECRET }));
  afterAll(() => kit.stop());

  it('when a service of the platform pages through it, then it gets every account once, oldest first, without secrets', async () => {
    const a = await kit.register({ city: 'Porto', phone_number: '+351900000001' });
    const b = await kit.register();
    const first = await kit.callFrom('127.0.0.2', 'GET', '/internal/users?page=1&limit=1', { token: SECRET });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, limit: 1, total: 2, total_pages: 2 });
    expect(first.body.items[0]).toEqual({
      id: a.user.id,
      email: a.email,
      name: 'Ada Lovelace',
      username: a.username,
      phone_number: '+351900000001',
      city: 'Porto',
      country: null,
      role: 'user',
      updated_at: expect.any(String),
    });
    const second = await kit.callFrom('127.0.0.2', 'GET', '/internal/users?page=2&limit=1', { token: SECRET });
    expect(second.body.items.map((u: { id: string }) => u.id)).toEqual([b.user.id]);
    expect(JSON.stringify([first.body, second.body])).not.toMatch(/password|hash/i);

    const one = await kit.callFrom('127.0.0.2', 'GET', `/internal/users/${b.user.id}`, { token: SECRET });
    expect(one.body).toMatchObject({ id: b.user.id, email: b.email });
    expect((await kit.callFrom('127.0.0.2', 'GET', `/internal/users/${randomUUID()}`, { token: SECRET })).status).toBe(404);
    expect((await kit.callFrom('127.0.0.2', 'GET', '/internal/users/not-a-uuid', { token: SECRET })).status).toBe(400);
  });

  it('when the caller is not on the allowed list or lacks the token, then 403 whatever it sends, and a user token is no key', async () => {
    const user = await kit.register();
    const stranger = await kit.callFrom('127.0.0.1', 'GET', '/internal/users', { token: SECRET });
    expect(stranger.status).toBe(403);
    expect(stranger.body.code).toBe('FORBIDDEN');
    expect((await kit.callFrom('127.0.0.2', 'GET', '/internal/users')).status).toBe(403);
    expect((await kit.callFrom('127.0.0.2', 'GET', '/internal/users', { token: `${SECRET}x` })).status).toBe(403);
    expect((await kit.callFrom('127.0.0.2', 'GET', `/internal/users/${user.user.id}`, { token: user.access_token })).status).toBe(403);
    // A forwarded header from a stranger changes nothing: the socket's peer decides.
    expect((await kit.callFrom('127.0.0.1', 'GET', '/internal/users', { token: SECRET, ip: '127.0.0.2' })).status).toBe(403);
  });
});
