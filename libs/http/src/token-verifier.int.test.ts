import jwt from 'jsonwebtoken';
import request from 'supertest';
import { z } from 'zod';
import { createMetricsRegistry, currentContext } from '@marquee/core';
import { generateTestKey, JwksServer, signToken, unsignedToken, type TestKey } from '@marquee/testing';
import { memoryLogger } from '../test/memory-logger';
import { assertSelfOrAdmin } from './authenticate';
import { createHttpApp } from './create-http-app';
import { createTokenVerifier, revokedSessionKey, type TokenVerifier } from './token-verifier';

const ISSUER = 'marquee-users';
const AUDIENCE = 'marquee';
const USER_ID = '0b7e7f5e-9a51-4a8e-8a43-1b0c0f7a2d11';

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { sub: USER_ID, sid: 'session-1', role: 'user', type: 'access', iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 300, ...overrides };
}

describe('access tokens against a real JWKS endpoint', () => {
  const jwks = new JwksServer();
  const rsa = generateTestKey('RS256', 'rsa-1');
  const ed = generateTestKey('EdDSA', 'ed-1');
  const stranger = generateTestKey('RS256', 'rsa-1'); // same kid, different key: a forgery
  const revoked = new Set<string>();
  const { logger, lines } = memoryLogger('things');
  let jwksUrl: string;
  let verifier: TokenVerifier;
  let app: ReturnType<typeof createHttpApp>['app'];

  beforeAll(async () => {
    jwks.keys = [rsa, ed];
    jwksUrl = await jwks.start();
    verifier = createTokenVerifier({
      jwksUrl,
      issuer: ISSUER,
      audience: AUDIENCE,
      logger,
      isSessionRevoked: async (sid) => revoked.has(revokedSessionKey(sid)),
    });
    ({ app } = createHttpApp({
      service: 'things',
      version: '1',
      logger,
      registry: createMetricsRegistry('things'),
      readiness: {},
      auth: verifier,
      configure(router) {
        router.route({
          method: 'get',
          path: '/api/me',
          summary: 'Who am I',
          responses: { 200: { description: 'Me', schema: z.object({ id: z.string(), role: z.string(), session: z.string() }) } },
          handler: ({ user }) => {
            logger.info('me served');
            return { id: user.id, role: user.role, session: user.sessionId };
          },
        });
        router.route({
          method: 'get',
          path: '/api/admin/stats',
          summary: 'Admin only',
          auth: 'admin',
          responses: { 200: { description: 'Stats', schema: z.object({ ok: z.boolean() }) } },
          handler: () => ({ ok: true }),
        });
        router.route({
          method: 'post',
          path: '/api/events',
          summary: 'Organizers and admins',
          auth: ['organizer', 'admin'],
          request: { body: z.object({ title: z.string() }) },
          responses: { 201: { description: 'Created', schema: z.object({ title: z.string() }) } },
          handler: ({ body }) => ({ title: body.title }),
        });
        router.route({
          method: 'get',
          path: '/api/catalogue',
          summary: 'Anyone; personalised when signed in',
          auth: 'optional',
          responses: { 200: { description: 'Catalogue', schema: z.object({ for: z.string() }) } },
          handler: ({ user }) => ({ for: user?.id ?? 'anonymous' }),
        });
        router.route({
          method: 'get',
          path: '/api/users/:userId/tickets',
          summary: 'Someone’s tickets',
          request: { params: z.object({ userId: z.string() }) },
          responses: { 200: { description: 'Tickets', schema: z.object({ user_id: z.string() }) } },
          handler: ({ user, params }) => {
            assertSelfOrAdmin(user, params.userId);
            return { user_id: params.userId, context_user: currentContext().userId };
          },
        });
        router.express.get('/api/raw', router.authenticate('user'), (_req, res) => {
          res.json({ user_id: currentContext().userId });
        });
      },
    }));
  });

  afterAll(async () => {
    await jwks.stop();
  });

  const get = (path: string, token?: string) => {
    const req = request(app).get(path);
    return token === undefined ? req : req.set('Authorization', `Bearer ${token}`);
  };

  function expectUnauthorized(res: request.Response, code = 'UNAUTHORIZED') {
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.body.code).toBe(code);
  }

  it.each([
    ['RS256', rsa],
    ['EdDSA', ed],
  ])('when a valid %s token is sent, then 200 with the user', async (_alg, key) => {
    const res = await get('/api/me', signToken(key as TestKey, claims()));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: USER_ID, role: 'user', session: 'session-1' });
  });

  it('when a token from jsonwebtoken (as the users service signs) is sent, then it is accepted', async () => {
    const token = jwt.sign({ sub: USER_ID, sid: 'session-1', role: 'user', type: 'access' }, rsa.privateKey, {
      algorithm: 'RS256',
      keyid: rsa.kid,
      issuer: ISSUER,
      audience: AUDIENCE,
      expiresIn: 60,
    });
    expect((await get('/api/me', token)).status).toBe(200);
  });

  it('when the user is verified, then log lines and the request context carry the user id', async () => {
    const res = await get('/api/raw', signToken(rsa, claims())).set('X-Request-Id', 'ctx-1');
    expect(res.body).toEqual({ user_id: USER_ID });
    await get('/api/me', signToken(rsa, claims())).set('X-Request-Id', 'ctx-2');
    expect(lines.find((l) => l.message === 'me served' && l.request_id === 'ctx-2')).toMatchObject({ user_id: USER_ID });
    expect(lines.find((l) => l.message === 'request' && l.request_id === 'ctx-2')).toMatchObject({ user_id: USER_ID });
  });

  it('when no token is sent, then 401 with a bare Bearer challenge', async () => {
    const res = await get('/api/me');
    expectUnauthorized(res);
    expect(res.headers['www-authenticate']).not.toContain('error=');
    expectUnauthorized(await request(app).get('/api/raw'));
  });

  it('when the Authorization header is not a bearer token, then 401', async () => {
    expectUnauthorized(await request(app).get('/api/me').set('Authorization', 'Basic dXNlcjpwYXNz'));
    expectUnauthorized(await get('/api/me', 'not-a-jwt'));
  });

  it('when the token says alg none and has no signature, then 401', async () => {
    const res = await get('/api/me', unsignedToken(claims(), rsa.kid));
    expectUnauthorized(res);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('when the token is signed by another key under a known kid, then 401', async () => {
    expectUnauthorized(await get('/api/me', signToken(stranger, claims())));
  });

  it('when the alg does not match the key (EdDSA header on an RSA key), then 401', async () => {
    expectUnauthorized(await get('/api/me', signToken({ ...ed, kid: rsa.kid }, claims())));
  });

  it('when an HS256 token is signed with the public key as a secret, then 401', async () => {
    const pem = (rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string).slice(0, 64);
    const forged = jwt.sign(claims(), pem, { algorithm: 'HS256', keyid: rsa.kid });
    expectUnauthorized(await get('/api/me', forged));
  });

  it.each([
    ['RS256', rsa],
    ['EdDSA', ed],
  ])('when a %s token has expired, then 401 TOKEN_EXPIRED', async (_alg, key) => {
    const now = Math.floor(Date.now() / 1000);
    const res = await get('/api/me', signToken(key as TestKey, claims({ iat: now - 600, exp: now - 60 })));
    expectUnauthorized(res, 'TOKEN_EXPIRED');
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it.each([
    ['RS256', rsa],
    ['EdDSA', ed],
  ])('when a %s token has the wrong issuer or audience, or no exp, then 401', async (_alg, key) => {
    expectUnauthorized(await get('/api/me', signToken(key as TestKey, claims({ iss: 'someone-else' }))));
    expectUnauthorized(await get('/api/me', signToken(key as TestKey, claims({ aud: 'another-api' }))));
    expectUnauthorized(await get('/api/me', signToken(key as TestKey, claims({ exp: undefined }))));
  });

  it.each([
    ['RS256', rsa],
    ['EdDSA', ed],
  ])('when a %s token is a password reset token (or lacks sid), then 401', async (_alg, key) => {
    expectUnauthorized(await get('/api/me', signToken(key as TestKey, claims({ type: 'forgot_password' }))));
    expectUnauthorized(await get('/api/me', signToken(key as TestKey, claims({ type: undefined }))));
    expectUnauthorized(await get('/api/me', signToken(key as TestKey, claims({ sid: undefined }))));
  });

  it('when the session was revoked, then 401 SESSION_REVOKED', async () => {
    revoked.add(revokedSessionKey('session-ended'));
    const res = await get('/api/me', signToken(rsa, claims({ sid: 'session-ended' })));
    expectUnauthorized(res, 'SESSION_REVOKED');
  });

  it('when a token was verified before, then it is remembered, yet its session is checked for revocation each time', async () => {
    const token = signToken(rsa, claims({ sid: 'session-later-ended' }));
    expect((await get('/api/me', token)).status).toBe(200);
    expect((await get('/api/me', token)).status).toBe(200);
    revoked.add(revokedSessionKey('session-later-ended'));
    expectUnauthorized(await get('/api/me', token), 'SESSION_REVOKED');
  });

  it('when a remembered token expires, then it is refused like any expired token', async () => {
    const shortLived = createTokenVerifier({ jwksUrl, issuer: ISSUER, audience: AUDIENCE, logger, clockToleranceSec: 0 });
    const token = signToken(rsa, claims({ exp: Math.floor(Date.now() / 1000) + 1 }));
    await expect(shortLived.verify(token)).resolves.toMatchObject({ id: USER_ID });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await expect(shortLived.verify(token)).rejects.toMatchObject({ status: 401, code: 'TOKEN_EXPIRED' });
  });

  it('when a user calls an admin route, then 403 FORBIDDEN; an admin gets 200', async () => {
    const res = await get('/api/admin/stats', signToken(rsa, claims()));
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('FORBIDDEN');
    expect((await get('/api/admin/stats', signToken(ed, claims({ role: 'admin' })))).status).toBe(200);
  });

  it('when a route lists roles, then only those roles pass, and auth is checked before the body', async () => {
    const post = (role: string) =>
      request(app).post('/api/events').set('Authorization', `Bearer ${signToken(rsa, claims({ role }))}`).send({ title: 'Talk' });
    expect((await post('user')).status).toBe(403);
    expect((await post('organizer')).status).toBe(201);
    expect((await request(app).post('/api/events').send({})).status).toBe(401);
  });

  it('when a route is optional, then anonymous callers pass but a bad token is still 401', async () => {
    expect((await get('/api/catalogue')).body).toEqual({ for: 'anonymous' });
    expect((await get('/api/catalogue', signToken(ed, claims()))).body).toEqual({ for: USER_ID });
    expectUnauthorized(await get('/api/catalogue', signToken(stranger, claims())));
  });

  it('when a user_id names someone else, then 403 unless the caller is an admin', async () => {
    expect((await get(`/api/users/${USER_ID}/tickets`, signToken(rsa, claims()))).status).toBe(200);
    const other = await get('/api/users/someone-else/tickets', signToken(rsa, claims()));
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('FORBIDDEN');
    expect((await get('/api/users/someone-else/tickets', signToken(rsa, claims({ role: 'admin' })))).status).toBe(200);
  });

  it('/openapi.json marks protected routes with bearer security', async () => {
    const doc = (await request(app).get('/openapi.json')).body;
    expect(doc.paths['/api/me'].get.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/admin/stats'].get.responses['403']).toBeDefined();
    expect(doc.paths['/api/catalogue'].get.security).toEqual([{}, { bearerAuth: [] }]);
    expect(doc.paths['/api/users/{userId}/tickets'].get.parameters[0]).toMatchObject({ name: 'userId', in: 'path' });
  });
});

describe('JWKS key rotation', () => {
  const jwks = new JwksServer();
  const { logger } = memoryLogger('rotation');
  beforeAll(() => jwks.start());
  afterAll(() => jwks.stop());

  it('when a token names an unknown kid, then the JWKS is fetched once more, and no more than once per interval', async () => {
    const first = generateTestKey('RS256', 'k1');
    const second = generateTestKey('EdDSA', 'k2');
    jwks.keys = [first];
    const verifier = createTokenVerifier({ jwksUrl: jwks.url, issuer: ISSUER, audience: AUDIENCE, logger });

    await expect(verifier.verify(signToken(first, claims()))).resolves.toMatchObject({ id: USER_ID });
    expect(jwks.fetches).toBe(1);
    await verifier.verify(signToken(first, claims()));
    expect(jwks.fetches).toBe(1); // cached

    jwks.keys = [first, second]; // the users service rotates in a new key
    await expect(verifier.verify(signToken(second, claims()))).resolves.toMatchObject({ sessionId: 'session-1' });
    expect(jwks.fetches).toBe(2);

    const bogus = generateTestKey('RS256', 'k-random');
    await expect(verifier.verify(signToken(bogus, claims()))).rejects.toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    await expect(verifier.verify(signToken({ ...bogus, kid: 'k-random-2' }, claims()))).rejects.toMatchObject({ status: 401 });
    expect(jwks.fetches).toBe(2); // rate-limited: random kids cannot hammer the users service
  });

  it('when the JWKS cannot be reached at all, then 503 (not 401) so clients keep their tokens', async () => {
    const down = new JwksServer();
    const url = await down.start();
    await down.stop();
    const verifier = createTokenVerifier({ jwksUrl: url, issuer: ISSUER, audience: AUDIENCE, logger, fetchTimeoutMs: 500 });
    const key = generateTestKey('RS256', 'k1');
    await expect(verifier.verify(signToken(key, claims()))).rejects.toMatchObject({ status: 503, code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('when the revocation store fails, then 503: a logged-out session never comes back', async () => {
    const key = generateTestKey('EdDSA', 'k3');
    jwks.keys = [key];
    const verifier = createTokenVerifier({
      jwksUrl: jwks.url,
      issuer: ISSUER,
      audience: AUDIENCE,
      logger,
      isSessionRevoked: () => Promise.reject(new Error('redis down')),
    });
    await expect(verifier.verify(signToken(key, claims()))).rejects.toMatchObject({ status: 503 });
  });

  it('refuses symmetric algorithms at construction', () => {
    expect(() =>
      createTokenVerifier({ jwksUrl: 'http://127.0.0.1:1/jwks', issuer: ISSUER, audience: AUDIENCE, logger, algorithms: ['HS256' as never] }),
    ).toThrow(/asymmetric/);
  });
});
