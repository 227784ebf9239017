import { createPrivateKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { UsersTestKit } from '../../test/users-test-kit';

const roleIn = (accessToken: string) => JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()).role;

describe('users service: profiles, users, roles and attacks', () => {
  const kit = new UsersTestKit();
  let admin: { access_token: string; user: { id: string } };
  beforeAll(async () => {
    await kit.start({ ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'root-password-1' });
    const res = await kit.call('POST', '/api/auth/login', { body: { email: 'root@example.com', password: 'root-password-1' }, ip: kit.nextIp() });
    expect(res.status).toBe(200);
    admin = res.body;
  });
  afterAll(() => kit.stop());

  it('bootstraps the admin from ADMIN_EMAIL once', async () => {
    expect(admin.user).toMatchObject({ email: 'root@example.com', role: 'admin' });
    const rows = await kit.service.platform.pool.query(`SELECT count(*)::int AS n FROM users WHERE role = 'admin'`);
    expect(rows.rows[0].n).toBe(1);
  });

  describe('profile', () => {
    it('GET shows my profile; PUT and POST update it and publish user.updated', async () => {
      const u = await kit.register();
      const put = await kit.call('PUT', '/api/profile', { token: u.access_token, body: { city: 'Lisbon', country: 'PT', genres: ['Horror'], maturity_filter: 'adult', preferred_language: 'pt-BR', first_name: 'Ana' } });
      expect(put.status).toBe(200);
      expect(put.body.user).toMatchObject({ city: 'Lisbon', country: 'PT', genres: ['Horror'], maturity_filter: 'adult', preferred_language: 'pt-BR', first_name: 'Ana', name: 'Ana Lovelace' });
      const event = await kit.event('user.updated', (d) => d.user_id === u.user.id && d.city === 'Lisbon');
      expect(event.data).toMatchObject({ name: 'Ana Lovelace', genres: ['Horror'], role: 'user' });
      const post = await kit.call('POST', '/api/profile', { token: u.access_token, body: { name: 'Ana L.' } });
      expect(post.body.user.name).toBe('Ana L.');
      const get = await kit.call('GET', '/api/profile', { token: u.access_token });
      expect(get.body.user).toMatchObject({ name: 'Ana L.', city: 'Lisbon' });
      expect((await kit.call('GET', '/api/profile')).status).toBe(401);
    });

    it('refuses a role change through the profile (403), a taken username (409) and bad values (400)', async () => {
      const u = await kit.register();
      const other = await kit.register();
      expect((await kit.call('PUT', '/api/profile', { token: u.access_token, body: { role: 'admin' } })).status).toBe(403);
      const taken = await kit.call('PUT', '/api/profile', { token: u.access_token, body: { username: other.username } });
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('USERNAME_TAKEN');
      const bad = await kit.call('PUT', '/api/profile', { token: u.access_token, body: { maturity_filter: 'kids', genres: 'Drama' } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.genres', 'body.maturity_filter']);
    });

    it('change-password checks the old one, returns a new pair and ends my other sessions', async () => {
      const u = await kit.register();
      const other = await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: kit.nextIp() });
      const wrong = await kit.call('POST', '/api/profile/change-password', { token: u.access_token, body: { old_password: 'not-it-at-all', new_password: 'new-password-1' } });
      expect(wrong.status).toBe(401);
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
      const ok = await kit.call('POST', '/api/profile/change-password', { token: u.access_token, body: { old_password: u.password, new_password: 'new-password-1' } });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ token_type: 'bearer', user: { id: u.user.id } });
      expect((await kit.call('GET', '/api/profile', { token: other.body.access_token })).status).toBe(401);
      expect((await kit.call('GET', '/api/profile', { token: ok.body.access_token })).status).toBe(200);
      expect((await kit.call('POST', '/api/auth/refresh', { body: { refresh_token: ok.body.refresh_token } })).status).toBe(200);
      expect((await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: 'new-password-1' }, ip: kit.nextIp() })).status).toBe(200);
    });
  });

  describe('users and roles', () => {
    it('GET/PUT /api/users/{id}: self and admin yes, someone else 403, unknown 404', async () => {
      const u = await kit.register();
      const other = await kit.register();
      expect((await kit.call('GET', `/api/users/${u.user.id}`, { token: u.access_token })).status).toBe(200);
      expect((await kit.call('GET', `/api/users/${u.user.id}`, { token: other.access_token })).status).toBe(403);
      expect((await kit.call('GET', `/api/users/${u.user.id}`, { token: admin.access_token })).body.user.id).toBe(u.user.id);
      expect((await kit.call('GET', `/api/users/${randomUUID()}`, { token: admin.access_token })).status).toBe(404);
      expect((await kit.call('PUT', `/api/users/${u.user.id}`, { token: other.access_token, body: { city: 'Evil' } })).status).toBe(403);
      const put = await kit.call('PUT', `/api/users/${u.user.id}`, { token: admin.access_token, body: { city: 'Porto' } });
      expect(put.status).toBe(200);
      expect(put.body.user.city).toBe('Porto');
      expect((await kit.call('PUT', `/api/users/${u.user.id}`, { token: u.access_token, body: { country: 'PT' } })).body.user).toMatchObject({ city: 'Porto', country: 'PT' });
    });

    it('PATCH role: admin only; the change is published', async () => {
      const u = await kit.register();
      expect((await kit.call('PATCH', `/api/users/${u.user.id}/role`, { token: u.access_token, body: { role: 'admin' } })).status).toBe(403);
      const bad = await kit.call('PATCH', `/api/users/${u.user.id}/role`, { token: admin.access_token, body: { role: 'king' } });
      expect(bad.status).toBe(400);
      const ok = await kit.call('PATCH', `/api/users/${u.user.id}/role`, { token: admin.access_token, body: { role: 'organizer' } });
      expect(ok.status).toBe(200);
      expect(ok.body.user.role).toBe('organizer');
      await kit.event('user.updated', (d) => d.user_id === u.user.id && d.role === 'organizer');
      expect((await kit.call('PATCH', `/api/users/${randomUUID()}/role`, { token: admin.access_token, body: { role: 'user' } })).status).toBe(404);
      // the new role is in the token of the next sign-in (the change ended every session)
      const again = await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: kit.nextIp() });
      expect(roleIn(again.body.access_token)).toBe('organizer');
    });

    it('when an admin is demoted, then their old access token gets 401 at once, cannot promote itself back, and the refresh token is dead', async () => {
      const u = await kit.register();
      expect((await kit.call('PATCH', `/api/users/${u.user.id}/role`, { token: admin.access_token, body: { role: 'admin' } })).status).toBe(200);
      const asAdmin = await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: kit.nextIp() });
      expect(roleIn(asAdmin.body.access_token)).toBe('admin');
      const otherDevice = await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: kit.nextIp() });
      expect((await kit.call('GET', `/api/users/${admin.user.id}`, { token: asAdmin.body.access_token })).status).toBe(200);

      const demoted = await kit.call('PATCH', `/api/users/${u.user.id}/role`, { token: admin.access_token, body: { role: 'user' } });
      expect(demoted.status).toBe(200);

      for (const session of [asAdmin.body, otherDevice.body]) {
        const profile = await kit.call('GET', '/api/profile', { token: session.access_token });
        expect(profile.status).toBe(401);
        expect(profile.body.code).toBe('SESSION_REVOKED');
        const back = await kit.call('PATCH', `/api/users/${u.user.id}/role`, { token: session.access_token, body: { role: 'admin' } });
        expect(back.status).toBe(401);
        expect((await kit.call('POST', '/api/auth/refresh', { body: { refresh_token: session.refresh_token } })).status).toBe(401);
      }
      const row = await kit.service.platform.pool.query('SELECT role FROM users WHERE id = $1', [u.user.id]);
      expect(row.rows[0].role).toBe('user');
      const { rows: active } = await kit.service.platform.pool.query(`SELECT count(*)::int AS n FROM login_sessions WHERE user_id = $1 AND status = 'active'`, [u.user.id]);
      expect(active[0].n).toBe(0);
      const signedIn = await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: kit.nextIp() });
      expect(roleIn(signedIn.body.access_token)).toBe('user');
      expect((await kit.call('PATCH', `/api/users/${u.user.id}/role`, { token: signedIn.body.access_token, body: { role: 'admin' } })).status).toBe(403);
      // the admin who made the change is untouched
      expect((await kit.call('GET', '/api/profile', { token: admin.access_token })).status).toBe(200);
    });

    it('when a request with an admin token reaches the role change after its sender stopped being an admin, then 403 and nothing changes', async () => {
      // A token that passed the check just before its sender's demotion was revoked: the database decides.
      const u = await kit.register();
      const kid = (await kit.call('GET', '/.well-known/jwks.json')).body.keys[0].kid;
      const stale = jwt.sign({ role: 'admin', sid: randomUUID(), type: 'access' }, createPrivateKey(kit.privateKeyPem), {
        algorithm: 'RS256',
        keyid: kid,
        subject: u.user.id,
        issuer: 'marquee-users',
        audience: 'marquee',
        expiresIn: 600,
      });
      expect((await kit.call('GET', `/api/users/${admin.user.id}`, { token: stale })).status).toBe(200); // the token itself is accepted
      const res = await kit.call('PATCH', `/api/users/${u.user.id}/role`, { token: stale, body: { role: 'admin' } });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
      const row = await kit.service.platform.pool.query('SELECT role FROM users WHERE id = $1', [u.user.id]);
      expect(row.rows[0].role).toBe('user');
    });

    it('when the role given is the one the user has, then nothing changes and their sessions go on', async () => {
      const u = await kit.register();
      const same = await kit.call('PATCH', `/api/users/${u.user.id}/role`, { token: admin.access_token, body: { role: 'user' } });
      expect(same.status).toBe(200);
      expect(same.body.user.role).toBe('user');
      expect((await kit.call('GET', '/api/profile', { token: u.access_token })).status).toBe(200);
    });
  });

  describe('attacks', () => {
    const claimsFor = (u: { user: { id: string } }, extra: Record<string, unknown> = {}) => ({
      sub: u.user.id, sid: randomUUID(), role: 'admin', type: 'access', iss: 'marquee-users', aud: 'marquee', exp: Math.floor(Date.now() / 1000) + 600, ...extra,
    });

    it('refuses alg none, another key, an expired token and a wrong type with 401', async () => {
      const u = await kit.register();
      const jwks = await kit.call('GET', '/.well-known/jwks.json');
      const kid = jwks.body.keys[0].kid;
      const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      const own = createPrivateKey(kit.privateKeyPem);
      const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const forged = [
        `${b64({ alg: 'none', kid, typ: 'JWT' })}.${b64(claimsFor(u))}.`,
        jwt.sign(claimsFor(u), stranger, { algorithm: 'RS256', keyid: kid }),
        jwt.sign(claimsFor(u, { exp: Math.floor(Date.now() / 1000) - 60 }), own, { algorithm: 'RS256', keyid: kid }),
        jwt.sign(claimsFor(u, { type: 'forgot_password' }), own, { algorithm: 'RS256', keyid: kid }),
        jwt.sign(claimsFor(u), 'a-shared-secret', { algorithm: 'HS256', keyid: kid }),
        'garbage',
      ];
      for (const token of forged) {
        const res = await kit.call('GET', `/api/users/${u.user.id}`, { token });
        expect(res.status).toBe(401);
      }
    });

    it('stores SQL metacharacters as text and refuses 10 kB strings cleanly; never a 500', async () => {
      const sneaky = `Robert'); DROP TABLE users;--`;
      const res = await kit.call('POST', '/api/auth/register', {
        body: { email: `o'brien+x@example.com`, password: `p'"; --%_\\`, first_name: sneaky, last_name: `" OR 1=1 --`, city: `%_\\`, country: `'; SELECT pg_sleep(5);--`, genres: [sneaky] },
      });
      expect(res.status).toBe(201);
      expect(res.body.user).toMatchObject({ first_name: sneaky, city: '%_\\', genres: [sneaky] });
      const login = await kit.call('POST', '/api/auth/login', { body: { email: `o'brien+x@example.com`, password: `p'"; --%_\\` }, ip: kit.nextIp() });
      expect(login.status).toBe(200);
      const injection = await kit.call('POST', '/api/auth/login', { body: { email: `' OR '1'='1`, password: `' OR '1'='1` }, ip: kit.nextIp() });
      expect(injection.status).toBe(401);

      const huge = 'x'.repeat(10_240);
      const u = await kit.register();
      const attempts: [string, string, Record<string, unknown>, string?][] = [
        ['POST', '/api/auth/register', { email: huge, password: huge, username: huge, name: huge, first_name: huge, last_name: huge, city: huge, country: huge, phone_number: huge, genres: [huge], password_confirm: huge }],
        ['POST', '/api/auth/login', { email: huge, username: huge, password: huge, device_name: huge }],
        ['POST', '/api/auth/refresh', { refresh_token: huge }],
        ['POST', '/api/auth/forgot-password', { email: huge }],
        ['POST', '/api/auth/forgot-password/verify', { otp_code: huge, reset_token: huge }],
        ['POST', '/api/auth/forgot-password/change', { new_password: huge, reset_token: huge }],
        ['PUT', '/api/profile', { username: huge, name: huge, city: huge, country: huge, genres: [huge], preferred_language: huge, phone_number: huge }, u.access_token],
        ['POST', '/api/profile/change-password', { old_password: huge, new_password: huge }, u.access_token],
        ['PATCH', `/api/users/${u.user.id}/role`, { role: huge }, admin.access_token],
      ];
      for (const [method, path, body, token] of attempts) {
        const answer = await kit.call(method, path, { body, token, ip: kit.nextIp() });
        expect([400, 401]).toContain(answer.status);
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
      }
      const longPath = await kit.call('GET', `/api/users/${huge.slice(0, 2000)}`, { token: u.access_token });
      expect(longPath.status).toBe(400);
      const hugeToken = await kit.call('GET', '/api/profile', { token: huge });
      expect(hugeToken.status).toBe(401);
    });
  });
});
