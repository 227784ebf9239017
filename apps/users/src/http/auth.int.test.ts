import { UsersTestKit } from '../../test/users-test-kit';

describe('users service: register, login, refresh, sessions', () => {
  const kit = new UsersTestKit();
  // A real bcrypt cost here, so the timing test below can tell a hash comparison from none.
  beforeAll(() => kit.start({ BCRYPT_COST: '10' }));
  afterAll(() => kit.stop());

  describe('register', () => {
    it('when a visitor registers, then 201 with the user and a token pair, and user.registered reaches the bus', async () => {
      const res = await kit.call('POST', '/api/auth/signup', {
        body: { email: 'Grace.Hopper@Example.com', password: 'cobol-rules', password_confirm: 'cobol-rules', username: 'grace', name: 'Grace Brewster Hopper', city: 'New York', country: 'US', phone_number: '+1 555 0100', genres: ['Drama', 'Sci-Fi', 28] },
        ip: kit.nextIp(),
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        token_type: 'bearer',
        expires_in: 900,
        user: { email: 'Grace.Hopper@Example.com', username: 'grace', name: 'Grace Brewster Hopper', first_name: 'Grace', last_name: 'Brewster Hopper', city: 'New York', country: 'US', genres: ['Drama', 'Sci-Fi', '28'], role: 'user', maturity_filter: 'all' },
      });
      expect(res.body.access_token.split('.')).toHaveLength(3);
      expect(res.body.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(res.body.user).not.toHaveProperty('password_hash');
      const event = await kit.event('user.registered', (d) => d.user_id === res.body.user.id);
      expect(event.data).toEqual({
        user_id: res.body.user.id, email: 'Grace.Hopper@Example.com', username: 'grace', first_name: 'Grace', last_name: 'Brewster Hopper',
        name: 'Grace Brewster Hopper', city: 'New York', country: 'US', phone_number: '+1 555 0100', genres: ['Drama', 'Sci-Fi', '28'], role: 'user', maturity_filter: 'all', preferred_language: null,
      });
      const me = await kit.call('GET', '/api/profile', { token: res.body.access_token });
      expect(me.status).toBe(200);
      expect(me.body.user.id).toBe(res.body.user.id);
    });

    it('when fields are missing or bad, then 400 names each field', async () => {
      const res = await kit.call('POST', '/api/auth/register', { body: { email: 'not-an-email', password: 'short', password_confirm: 'other', username: 'x' } });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['body.email', 'body.password', 'body.username']));
      const empty = await kit.call('POST', '/api/auth/register', { body: {} });
      expect(empty.status).toBe(400);
      expect(empty.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['body.email', 'body.password']));
    });

    it('when password_confirm differs or the password is over 72 bytes, then 400', async () => {
      const mismatch = await kit.call('POST', '/api/auth/register', { body: { email: 'm1@example.com', password: 'password-1', password_confirm: 'password-2' } });
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.errors).toEqual([expect.objectContaining({ field: 'body.password_confirm' })]);
      const long = await kit.call('POST', '/api/auth/register', { body: { email: 'm2@example.com', password: 'é'.repeat(37) } });
      expect(long.status).toBe(400);
      expect(long.body.errors[0].field).toBe('body.password');
    });

    it('when the e-mail (in any case) or the username is taken, then 409 EMAIL_TAKEN / USERNAME_TAKEN', async () => {
      const first = await kit.register();
      const email = await kit.call('POST', '/api/auth/register', { body: { email: first.email.toUpperCase(), password: 'password-123' } });
      expect(email.status).toBe(409);
      expect(email.body.code).toBe('EMAIL_TAKEN');
      const username = await kit.call('POST', '/api/auth/register', { body: { email: 'other-' + first.email, password: 'password-123', username: first.username } });
      expect(username.status).toBe(409);
      expect(username.body.code).toBe('USERNAME_TAKEN');
    });

    it('when two registrations with the same e-mail race, then one gets 201 and the other 409', async () => {
      const body = { email: 'race@example.com', password: 'password-123' };
      const answers = await Promise.all([kit.call('POST', '/api/auth/register', { body }), kit.call('POST', '/api/auth/register', { body: { ...body, email: 'RACE@example.com' } })]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      expect(answers.find((a) => a.status === 409)?.body.code).toBe('EMAIL_TAKEN');
    });

    it('when a visitor asks for a role, then 403; an admin may choose it', async () => {
      const denied = await kit.call('POST', '/api/auth/register', { body: { email: 'wannabe@example.com', password: 'password-123', role: 'admin' } });
      expect(denied.status).toBe(403);
      const admin = await kit.register();
      await kit.service.platform.pool.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [admin.user.id]);
      const login = await kit.call('POST', '/api/auth/login', { body: { email: admin.email, password: admin.password }, ip: kit.nextIp() });
      const made = await kit.call('POST', '/api/auth/register', { body: { email: 'organizer@example.com', password: 'password-123', role: 'organizer' }, token: login.body.access_token });
      expect(made.status).toBe(201);
      expect(made.body.user.role).toBe('organizer');
    });
  });

  describe('login', () => {
    it('accepts JSON with e-mail (any case) or username, and the OAuth2 password form', async () => {
      const u = await kit.register();
      const byEmail = await kit.call('POST', '/api/auth/login', { body: { email: u.email.toUpperCase(), password: u.password }, ip: kit.nextIp() });
      expect(byEmail.status).toBe(200);
      expect(byEmail.body).toMatchObject({ token_type: 'bearer', user: { id: u.user.id } });
      const byUsername = await kit.call('POST', '/api/auth/login', { body: { username: u.username, password: u.password }, ip: kit.nextIp() });
      expect(byUsername.status).toBe(200);
      const form = await kit.call('POST', '/api/auth/login', { form: { grant_type: 'password', username: u.email, password: u.password }, ip: kit.nextIp() });
      expect(form.status).toBe(200);
      expect(form.body.user.id).toBe(u.user.id);
    });

    it('when the password is wrong or the account unknown, then the same 401 in about the same time', async () => {
      const u = await kit.register();
      const ip = kit.nextIp();
      const timed = async (body: object) => {
        const started = performance.now();
        const res = await kit.call('POST', '/api/auth/login', { body, ip });
        return { res, ms: performance.now() - started };
      };
      const wrong = await timed({ email: u.email, password: 'wrong-password' });
      const unknown = await timed({ email: 'nobody-here@example.com', password: 'wrong-password' });
      expect(wrong.res.status).toBe(401);
      expect(unknown.res.status).toBe(401);
      expect(wrong.res.body.code).toBe('INVALID_CREDENTIALS');
      const strip = (b: Record<string, unknown>) => ({ ...b, request_id: undefined });
      expect(strip(unknown.res.body)).toEqual(strip(wrong.res.body));
      // Both compare against a bcrypt hash (cost 10, tens of ms): an unknown account that skipped
      // the comparison would answer in a small fraction of the time.
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const known: number[] = [];
      const ghost: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        known.push((await timed({ email: u.email, password: 'nope-nope' })).ms);
        ghost.push((await timed({ email: 'ghost@example.com', password: 'nope-nope' })).ms);
      }
      expect(median(ghost)).toBeGreaterThan(median(known) * 0.5);
      expect(median(known)).toBeGreaterThan(median(ghost) * 0.5);
    });

    it('when ten logins from one address fail, then that address gets 403 IP_BLOCKED with blocked_until, others still sign in', async () => {
      const u = await kit.register();
      const ip = kit.nextIp();
      for (let i = 0; i < 10; i += 1) {
        const res = await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: `wrong-${i}` }, ip });
        expect(res.status).toBe(401);
      }
      const blocked = await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip });
      expect(blocked.status).toBe(403);
      expect(blocked.body.code).toBe('IP_BLOCKED');
      expect(new Date(blocked.body.blocked_until).getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      const row = await kit.service.platform.pool.query('SELECT failed_count FROM ip_blacklist WHERE ip = $1', [ip]);
      expect(row.rows).toEqual([{ failed_count: 10 }]);
      const elsewhere = await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: kit.nextIp() });
      expect(elsewhere.status).toBe(200);
    });

    it('records the platform from X-Platform and the device from the User-Agent', async () => {
      const u = await kit.register();
      const ip = kit.nextIp();
      const res = await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip, headers: { 'x-platform': 'mobile-app', 'user-agent': 'MarqueeApp/2.1 (iPhone)' } });
      const sessions = await kit.call('GET', '/api/auth/sessions', { token: res.body.access_token });
      expect(sessions.status).toBe(200);
      const current = sessions.body.items.find((s: { current: boolean }) => s.current);
      expect(current).toMatchObject({ ip, platform: 'mobile-app', device_name: 'MarqueeApp/2.1 (iPhone)' });
      expect(sessions.body).toMatchObject({ page: 1, limit: 20, total: 2 }); // register + login
      const body = await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: u.password, platform: 'web', device_name: 'Firefox on Linux' }, ip });
      const again = await kit.call('GET', '/api/auth/sessions', { token: body.body.access_token });
      expect(again.body.items.find((s: { current: boolean }) => s.current)).toMatchObject({ platform: 'web', device_name: 'Firefox on Linux' });
    });
  });

  describe('refresh, logout and sessions', () => {
    it('when a refresh token is used, then a new pair comes back and the old one stops working; reusing it ends the session', async () => {
      const u = await kit.register();
      const first = await kit.call('POST', '/api/auth/refresh', { body: { refresh_token: u.refresh_token } });
      expect(first.status).toBe(200);
      expect(first.body.refresh_token).not.toBe(u.refresh_token);
      const second = await kit.call('POST', '/api/auth/refresh-token', { body: { refresh_token: first.body.refresh_token } });
      expect(second.status).toBe(200);

      const reused = await kit.call('POST', '/api/auth/refresh', { body: { refresh_token: u.refresh_token } });
      expect(reused.status).toBe(401);
      expect(reused.body.code).toBe('REFRESH_TOKEN_REUSED');
      // the whole family is gone: the newest refresh token and the session's access tokens
      const latest = await kit.call('POST', '/api/auth/refresh', { body: { refresh_token: second.body.refresh_token } });
      expect(latest.status).toBe(401);
      const access = await kit.call('GET', '/api/profile', { token: second.body.access_token });
      expect(access.status).toBe(401);
      expect(access.body.code).toBe('SESSION_REVOKED');
      const session = await kit.service.platform.pool.query('SELECT status FROM login_sessions WHERE user_id = $1', [u.user.id]);
      expect(session.rows).toEqual([{ status: 'terminated' }]);
    });

    it('when the refresh token is unknown, then 401 INVALID_REFRESH_TOKEN; when missing, 400', async () => {
      const res = await kit.call('POST', '/api/auth/refresh', { body: { refresh_token: 'made-up' } });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_REFRESH_TOKEN');
      expect((await kit.call('POST', '/api/auth/refresh', { body: {} })).status).toBe(400);
    });

    it('when a user logs out, then 204, that access token and refresh token are refused, other sessions live on', async () => {
      const u = await kit.register();
      const other = await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: kit.nextIp() });
      const out = await kit.call('POST', '/api/auth/logout', { token: u.access_token });
      expect(out.status).toBe(204);
      const after = await kit.call('GET', '/api/profile', { token: u.access_token });
      expect(after.status).toBe(401);
      expect(after.body.code).toBe('SESSION_REVOKED');
      expect((await kit.call('POST', '/api/auth/refresh', { body: { refresh_token: u.refresh_token } })).status).toBe(401);
      expect((await kit.call('GET', '/api/profile', { token: other.body.access_token })).status).toBe(200);
      expect((await kit.call('POST', '/api/auth/logout')).status).toBe(401);
    });

    it('lists my active sessions and ends one; another user\'s session id is 404', async () => {
      const u = await kit.register();
      const second = await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: kit.nextIp() });
      const list = await kit.call('GET', '/api/auth/sessions', { token: u.access_token });
      expect(list.body.total).toBe(2);
      const target = list.body.items.find((s: { current: boolean }) => !s.current);
      const stranger = await kit.register();
      expect((await kit.call('DELETE', `/api/auth/sessions/${target.id}`, { token: stranger.access_token })).status).toBe(404);
      expect((await kit.call('DELETE', `/api/auth/sessions/not-a-uuid`, { token: u.access_token })).status).toBe(400);
      expect((await kit.call('DELETE', `/api/auth/sessions/${target.id}`, { token: u.access_token })).status).toBe(204);
      expect((await kit.call('GET', '/api/profile', { token: second.body.access_token })).status).toBe(401);
      const after = await kit.call('GET', '/api/auth/sessions', { token: u.access_token });
      expect(after.body.total).toBe(1);
      expect((await kit.call('DELETE', `/api/auth/sessions/${target.id}`, { token: u.access_token })).status).toBe(404);
    });
  });

  it('publishes its public key at /.well-known/jwks.json with the kid access tokens carry', async () => {
    const u = await kit.register();
    const jwks = await kit.call('GET', '/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    expect(jwks.body.keys).toHaveLength(1);
    const header = JSON.parse(Buffer.from(u.access_token.split('.')[0], 'base64url').toString());
    const claims = JSON.parse(Buffer.from(u.access_token.split('.')[1], 'base64url').toString());
    expect(header).toMatchObject({ alg: 'RS256', kid: jwks.body.keys[0].kid });
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.body.keys[0]).not.toHaveProperty('d');
    expect(claims).toMatchObject({ sub: u.user.id, role: 'user', type: 'access', iss: 'marquee-users', aud: 'marquee' });
    expect(claims.exp - claims.iat).toBe(900);
    expect(typeof claims.sid).toBe('string');
  });

  it('describes every route in /openapi.json', async () => {
    const res = await kit.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/auth/register', '/api/users/{id}/role', '/.well-known/jwks.json']));
    expect(Object.keys(res.body.paths['/api/auth/login'].post.requestBody.content)).toEqual(['application/json', 'application/x-www-form-urlencoded']);
  });
});
