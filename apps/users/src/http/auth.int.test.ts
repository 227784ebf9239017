import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPool, migrate } from '@marquee/postgres';
import { createTestDatabase, freePort, TEST_AMQP_URL, uniquePrefix } from '@marquee/testing';
import { createUsersDatabase, testKeyPem, UsersTestKit } from '../../test/users-test-kit';
import { usersService } from '../app';

const USERS_MIGRATIONS_DIR = usersService.migrationsDir as string;

const strip = (b: Record<string, unknown>) => ({ ...b, request_id: undefined });
// A cost-13 bcrypt hash of "x": one comparison keeps a worker busy for most of a second.
const SLOW_HASH = '$2b$13$mpaxBBsJtqQTLeCzRImUb.28xi1Z8cgtGbtwLVwyZGhLmgUHTjinC';

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

    it('when device_name holds a NUL, then 400 naming body.device_name, and a retry with a good body gets 201, not 409', async () => {
      const body = { email: 'nul-device@example.com', password: 'password-123', username: 'nul_device' };
      const bad = await kit.call('POST', '/api/auth/register', { body: { ...body, device_name: 'a\u0000b' }, ip: kit.nextIp() });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'body.device_name' })]);
      const retry = await kit.call('POST', '/api/auth/register', { body: { ...body, device_name: 'Firefox on Linux' }, ip: kit.nextIp() });
      expect(retry.status).toBe(201);
    });

    it('when the session cannot be written, then the account and its event are not written either: the retry gets 201, not 409', async () => {
      // A trigger stands in for any failure of the session insert (a constraint, a lost connection).
      const { pool } = kit.service.platform;
      await pool.query(`CREATE FUNCTION test_refuse_session() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.device_name = 'refuse-me' THEN RAISE EXCEPTION 'session refused by the test'; END IF; RETURN NEW; END $$`);
      await pool.query('CREATE TRIGGER test_refuse_session BEFORE INSERT ON login_sessions FOR EACH ROW EXECUTE FUNCTION test_refuse_session()');
      try {
        const body = { email: 'atomic@example.com', password: 'password-123', username: 'atomic_register' };
        const failed = await kit.call('POST', '/api/auth/register', { body: { ...body, device_name: 'refuse-me' }, ip: kit.nextIp() });
        expect(failed.status).toBe(500);
        expect((await pool.query(`SELECT 1 FROM users WHERE lower(email) = 'atomic@example.com'`)).rowCount).toBe(0);
        const retry = await kit.call('POST', '/api/auth/register', { body: { ...body, device_name: 'Firefox on Linux' }, ip: kit.nextIp() });
        expect(retry.status).toBe(201);
        const events = await pool.query(`SELECT 1 FROM outbox WHERE routing_key = 'user.registered' AND payload::text LIKE '%atomic@example.com%'`);
        expect(events.rowCount).toBe(1);
      } finally {
        await pool.query('DROP TRIGGER test_refuse_session ON login_sessions');
        await pool.query('DROP FUNCTION test_refuse_session()');
      }
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

    it('when one address comes through the proxy in different spellings, then they share one failure count and one block', async () => {
      const u = await kit.register();
      const spellings = ['::ffff:10.1.1.1', '10.1.1.01', '010.1.1.1', '10.1.1.1:1234', '[::ffff:10.1.1.1]:443'];
      for (let i = 0; i < 10; i += 1) {
        // A different unknown account each time: only the address is the same.
        const res = await kit.call('POST', '/api/auth/login', { body: { email: `spelling-${i}@example.com`, password: 'wrong-password' }, ip: spellings[i % spellings.length] });
        expect(res.status).toBe(401);
      }
      for (const ip of [...spellings, '10.1.1.1']) {
        const blocked = await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip });
        expect(blocked.status).toBe(403);
        expect(blocked.body.code).toBe('IP_BLOCKED');
      }
      const rows = await kit.service.platform.pool.query(`SELECT ip, failed_count FROM ip_blacklist WHERE ip LIKE '%10.1.1.%'`);
      expect(rows.rows).toEqual([{ ip: '10.1.1.1', failed_count: 10 }]);
    });

    it('when failures come from many addresses of one IPv6 /64, then that /64 is blocked and the next one is not', async () => {
      const u = await kit.register();
      for (let i = 0; i < 10; i += 1) {
        const ip = i % 2 ? `2001:db8:aa:bb::${(i + 1).toString(16)}` : `2001:DB8:AA:BB:${i}:0:0:1`;
        const res = await kit.call('POST', '/api/auth/login', { body: { email: `v6-${i}@example.com`, password: 'wrong-password' }, ip });
        expect(res.status).toBe(401);
      }
      const blocked = await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: '2001:db8:aa:bb:ffff:ffff:ffff:ffff' });
      expect(blocked.status).toBe(403);
      const neighbour = await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: '2001:db8:aa:bc::1' });
      expect(neighbour.status).toBe(200);
    });

    it('stores the canonical client address in the session', async () => {
      const u = await kit.register();
      for (const [sent, stored] of [['10.2.3.04', '10.2.3.4'], ['::ffff:10.2.3.5', '10.2.3.5'], ['2001:DB8:0:0:0:0:0:1', '2001:db8::1']]) {
        const res = await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: sent });
        expect(res.status).toBe(200);
        expect((await kit.sessionsOf(u.user.id))[0]?.ip).toBe(stored);
      }
    });

    it('when an attacker rotating addresses fails twenty times on one account, then the next try gets 429 RATE_LIMITED, even with the right password, exactly as for an unknown account', async () => {
      const u = await kit.register();
      const ghost = 'nobody-rotating@example.com';
      for (let i = 0; i < 20; i += 1) {
        // Case does not make another account: Victim@ and victim@ share one count.
        const known = await kit.call('POST', '/api/auth/login', { body: { email: i % 2 ? u.email.toUpperCase() : u.email, password: `wrong-${i}` }, ip: kit.nextIp() });
        const unknown = await kit.call('POST', '/api/auth/login', { body: { email: i % 2 ? ghost.toUpperCase() : ghost, password: `wrong-${i}` }, ip: kit.nextIp() });
        expect([known.status, unknown.status]).toEqual([401, 401]);
      }
      const known = await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: kit.nextIp() });
      const unknown = await kit.call('POST', '/api/auth/login', { body: { email: ghost, password: u.password }, ip: kit.nextIp() });
      for (const res of [known, unknown]) {
        expect(res.status).toBe(429);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body.code).toBe('RATE_LIMITED');
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(strip(unknown.body)).toEqual(strip(known.body));
      // The addresses it used are not blocked for other accounts.
      const other = await kit.register();
      const elsewhere = await kit.call('POST', '/api/auth/login', { body: { email: other.email, password: other.password }, ip: kit.nextIp() });
      expect(elsewhere.status).toBe(200);
    });

    it('when more sign-ins than allowed are being checked at once for one login or from one address, then the extra one gets 429 RATE_LIMITED at once', async () => {
      // Slow stored hashes keep each check busy for most of a second, so the requests overlap.
      const { pool } = kit.service.platform;
      const victim = await kit.register();
      await pool.query('UPDATE users SET password_hash = $2 WHERE id = $1', [victim.user.id, SLOW_HASH]);
      const perLogin = await Promise.all(
        [victim.email, victim.email.toUpperCase(), victim.email].map((email) => kit.call('POST', '/api/auth/login', { body: { email, password: 'wrong-password' }, ip: kit.nextIp() })),
      );
      expect(perLogin.map((r) => r.status).sort()).toEqual([401, 401, 429]);
      const refused = perLogin.find((r) => r.status === 429)!;
      expect(refused.body.code).toBe('RATE_LIMITED');
      expect(refused.headers.get('retry-after')).toBe('1');

      const accounts = await Promise.all(Array.from({ length: 5 }, () => kit.register()));
      await pool.query('UPDATE users SET password_hash = $2 WHERE id = ANY($1)', [accounts.map((a) => a.user.id), SLOW_HASH]);
      const ip = kit.nextIp();
      const perAddress = await Promise.all(accounts.map((a) => kit.call('POST', '/api/auth/login', { body: { email: a.email, password: 'wrong-password' }, ip })));
      expect(perAddress.map((r) => r.status).sort()).toEqual([401, 401, 401, 401, 429]);
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

    it('when a page past the end of my sessions is asked for, then it is empty and the total still counts every active session', async () => {
      const u = await kit.register();
      await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: kit.nextIp() });
      const last = await kit.call('GET', '/api/auth/sessions?page=2&limit=1', { token: u.access_token });
      expect(last.status).toBe(200);
      expect(last.body).toMatchObject({ page: 2, limit: 1, total: 2, total_pages: 2 });
      expect(last.body.items).toHaveLength(1);
      const past = await kit.call('GET', '/api/auth/sessions?page=3&limit=1', { token: u.access_token });
      expect(past.status).toBe(200);
      expect(past.body).toMatchObject({ items: [], page: 3, limit: 1, total: 2, total_pages: 2 });
    });
  });

  describe('usernames', () => {
    it('when a username differs from a taken one only in case, then 409 USERNAME_TAKEN on register and on profile update; sign-in by username ignores case', async () => {
      const first = await kit.register({ username: 'Case_Tester' });
      const twin = await kit.call('POST', '/api/auth/register', { body: { email: 'twin@example.com', password: 'password-123', username: 'case_tester' }, ip: kit.nextIp() });
      expect(twin.status).toBe(409);
      expect(twin.body.code).toBe('USERNAME_TAKEN');
      const other = await kit.register();
      const renamed = await kit.call('PUT', '/api/profile', { body: { username: 'CASE_TESTER' }, token: other.access_token });
      expect(renamed.status).toBe(409);
      expect(renamed.body.code).toBe('USERNAME_TAKEN');
      const login = await kit.call('POST', '/api/auth/login', { body: { username: 'cASE_tESTER', password: first.password }, ip: kit.nextIp() });
      expect(login.status).toBe(200);
      expect(login.body.user.id).toBe(first.user.id);
    });

    it('when a database already holds usernames that differ only in case, then the migration keeps the oldest and renames the others', async () => {
      const db = await createTestDatabase({ label: 'users_dupes', prepare: async () => {} });
      const pool = createPool({ url: db.url, applicationName: 'users-migration-test' });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'users-migrations-'));
      try {
        const files = fs.readdirSync(USERS_MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();
        const before = files.filter((f) => Number(f.slice(0, 4)) < 3);
        for (const f of before) fs.copyFileSync(path.join(USERS_MIGRATIONS_DIR, f), path.join(dir, f));
        await migrate(pool, { dir });
        await pool.query(`INSERT INTO users (id, email, username, password_hash, created_at) VALUES
          ('00000000-0000-4000-8000-000000000001', 'a@example.com', 'Demo_User', 'x', now() - interval '2 days'),
          ('00000000-0000-4000-8000-000000000002', 'b@example.com', 'demo_user', 'x', now() - interval '1 day'),
          ('00000000-0000-4000-8000-000000000003', 'c@example.com', 'DEMO_USER', 'x', now()),
          ('00000000-0000-4000-8000-000000000004', 'd@example.com', 'someone', 'x', now())`);
        for (const f of files) fs.copyFileSync(path.join(USERS_MIGRATIONS_DIR, f), path.join(dir, f));
        await migrate(pool, { dir });
        const { rows } = await pool.query('SELECT email, username FROM users ORDER BY email');
        expect(rows).toEqual([
          { email: 'a@example.com', username: 'Demo_User' },
          { email: 'b@example.com', username: 'demo_user-00000002' },
          { email: 'c@example.com', username: 'DEMO_USER-00000003' },
          { email: 'd@example.com', username: 'someone' },
        ]);
        await expect(pool.query(`INSERT INTO users (id, email, username, password_hash) VALUES ('00000000-0000-4000-8000-000000000005', 'e@example.com', 'SOMEONE', 'x')`)).rejects.toMatchObject({ code: '23505' });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        await pool.end();
        await db.drop();
      }
    });
  });

  describe('demo accounts', () => {
    it('when SEED_DEMO is on under NODE_ENV=production, then the service refuses to start, naming SEED_DEMO, and writes nothing', async () => {
      const db = await createUsersDatabase();
      try {
        const start = usersService.start({
          USERS_DATABASE_URL: db.url, AMQP_URL: TEST_AMQP_URL, AMQP_PREFIX: uniquePrefix('users'), HOST: '127.0.0.1', PORT: String(await freePort()),
          LOG_LEVEL: 'silent', NODE_ENV: 'production', SEED_DEMO: 'true', JWT_PRIVATE_KEY: testKeyPem(), BCRYPT_COST: '4',
        });
        await expect(start).rejects.toThrow(/SEED_DEMO/);
        const client = createPool({ url: db.url, applicationName: 'users-demo-test' });
        try {
          const tables = await client.query(`SELECT 1 FROM pg_tables WHERE tablename = 'users'`);
          if (tables.rowCount) expect((await client.query('SELECT 1 FROM users')).rowCount).toBe(0);
        } finally {
          await client.end();
        }
      } finally {
        await db.drop();
      }
    });

    it('when demo accounts exist, then the service warns at start that their passwords are published', async () => {
      const db = await createUsersDatabase();
      const port = await freePort();
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../main.ts')], {
        cwd: path.join(__dirname, '../..'),
        env: {
          ...process.env, USERS_DATABASE_URL: db.url, AMQP_URL: TEST_AMQP_URL, AMQP_PREFIX: kit.prefix, HOST: '127.0.0.1', PORT: String(port),
          JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`, LOG_LEVEL: 'warn', NODE_ENV: 'development', SEED_DEMO: 'true',
          JWT_PRIVATE_KEY: kit.privateKeyPem, BCRYPT_COST: '4',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      try {
        const warning = await new Promise<Record<string, unknown>>((resolve, reject) => {
          // A guard, not a measurement: without it a service that never warns would outlive the test.
          const guard = setTimeout(() => reject(new Error(`no warning about demo accounts within 30 s:\n${out}`)), 30_000);
          const look = () => {
            const line = out.split('\n').find((l) => l.includes('demo accounts exist'));
            if (!line) return;
            clearTimeout(guard);
            resolve(JSON.parse(line) as Record<string, unknown>);
          };
          child.stdout.on('data', look);
          void exited.then((code) => {
            clearTimeout(guard);
            reject(new Error(`the service exited (${code}) before warning:\n${out}`));
          });
        });
        expect(warning).toMatchObject({ level: 'warn', emails: ['admin@marquee.demo', 'user@marquee.demo', 'organizer@marquee.demo'] });
        expect(String(warning.message)).toMatch(/published/);
        // The organizer has the fixed id the events service's demo events name.
        const pool = createPool({ url: db.url, applicationName: 'users-demo-test' });
        try {
          const { rows } = await pool.query(`SELECT id, role FROM users WHERE email = 'organizer@marquee.demo'`);
          expect(rows).toEqual([{ id: 'e0000000-0000-4000-8000-000000000001', role: 'organizer' }]);
        } finally {
          await pool.end();
        }
      } finally {
        child.kill('SIGTERM');
        await exited;
        await db.drop();
      }
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

describe('users service behind a proxy at 127.0.0.2, with one password worker and a queue of one', () => {
  const kit = new UsersTestKit();
  beforeAll(() => kit.start({ TRUSTED_PROXIES: '127.0.0.2', BCRYPT_WORKERS: '1', BCRYPT_QUEUE_MAX: '1' }));
  afterAll(() => kit.stop());

  it('believes X-Forwarded-For from the proxy only: a client that sends it directly is recorded as itself', async () => {
    const u = await kit.register();
    const credentials = { email: u.email, password: u.password };
    const direct = await kit.callFrom('127.0.0.1', 'POST', '/api/auth/login', { body: credentials, ip: '203.0.113.7' });
    expect(direct.status).toBe(200);
    expect((await kit.sessionsOf(u.user.id))[0]?.ip).toBe('127.0.0.1');
    const proxied = await kit.callFrom('127.0.0.2', 'POST', '/api/auth/login', { body: credentials, ip: '203.0.113.7' });
    expect(proxied.status).toBe(200);
    expect((await kit.sessionsOf(u.user.id))[0]?.ip).toBe('203.0.113.7');
  });

  it('when a direct client varies X-Forwarded-For, then its failures still count against its own address and block it, not the addresses it named', async () => {
    const u = await kit.register();
    for (let i = 0; i < 10; i += 1) {
      const res = await kit.callFrom('127.0.0.1', 'POST', '/api/auth/login', { body: { email: `stranger-${i}@example.com`, password: 'wrong-password' }, ip: `198.51.100.${i + 1}` });
      expect(res.status).toBe(401);
    }
    const blocked = await kit.callFrom('127.0.0.1', 'POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: '198.51.100.200' });
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('IP_BLOCKED');
    const viaProxy = await kit.callFrom('127.0.0.2', 'POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: '198.51.100.1' });
    expect(viaProxy.status).toBe(200);
    const rows = await kit.service.platform.pool.query('SELECT ip FROM ip_blacklist');
    expect(rows.rows).toEqual([{ ip: '127.0.0.1' }]);
  });

  it('when the password queue is full, then sign-in and registration answer 503 with Retry-After at once and write nothing; later they succeed', async () => {
    const u = await kit.register();
    const ip = '192.0.2.10';
    const newcomer = { email: 'queued@example.com', password: 'password-123' };
    // One slow comparison running and one waiting: the worker and the queue are full.
    const fillers = [kit.service.api.hasher.compare('x', SLOW_HASH), kit.service.api.hasher.compare('x', SLOW_HASH)];
    const [login, register] = await Promise.all([
      kit.callFrom('127.0.0.2', 'POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip }),
      kit.callFrom('127.0.0.2', 'POST', '/api/auth/register', { body: newcomer, ip }),
    ]);
    await Promise.all(fillers);
    for (const res of [login, register]) {
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('SERVICE_BUSY');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    const { pool } = kit.service.platform;
    expect((await pool.query('SELECT 1 FROM login_attempts WHERE ip = $1', [ip])).rowCount).toBe(0);
    expect((await pool.query(`SELECT 1 FROM users WHERE email = $1`, [newcomer.email])).rowCount).toBe(0);

    const again = await kit.callFrom('127.0.0.2', 'POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip });
    expect(again.status).toBe(200);
    const registered = await kit.callFrom('127.0.0.2', 'POST', '/api/auth/register', { body: newcomer, ip });
    expect(registered.status).toBe(201);
  });

  it('when a flood fills the password queue, then a sign-in from a device that signed in before still gets through; the cookie is worth nothing for another account', async () => {
    const u = await kit.register();
    const other = await kit.register();
    const first = await kit.callFrom('127.0.0.2', 'POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: '192.0.2.20' });
    expect(first.status).toBe(200);
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^marquee_device=[^;]+; Max-Age=\d+; Path=\/api\/auth; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
    const device = { cookie: setCookie.split(';')[0]! };

    // One slow comparison running and one waiting: the ordinary queue is full, as in a flood.
    const fillers = [kit.service.api.hasher.compare('x', SLOW_HASH), kit.service.api.hasher.compare('x', SLOW_HASH)];
    const [mine, without, theirs] = await Promise.all([
      kit.callFrom('127.0.0.2', 'POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: '192.0.2.21', headers: device }),
      kit.callFrom('127.0.0.2', 'POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: '192.0.2.22' }),
      kit.callFrom('127.0.0.2', 'POST', '/api/auth/login', { body: { email: other.email, password: other.password }, ip: '192.0.2.23', headers: device }),
    ]);
    await Promise.all(fillers);
    expect(mine.status).toBe(200);
    expect(without.status).toBe(503);
    expect(theirs.status).toBe(503);
    // The right password is still needed.
    const wrong = await kit.callFrom('127.0.0.2', 'POST', '/api/auth/login', { body: { email: u.email, password: 'not-the-password' }, ip: '192.0.2.24', headers: device });
    expect(wrong.status).toBe(401);
  });
});
