import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { z } from 'zod';
import { AppError, createMetricsRegistry } from '@marquee/core';
import { ErrorCode, paginationQuerySchema } from '@marquee/contracts';
import { memoryLogger } from '../test/memory-logger';
import { createHttpApp } from './create-http-app';
import { clientAddress } from './client-address';
import { validate } from './validate';

const THING_ID = '7d0c5c9e-3f0b-4c59-9c1a-6f6f3c1b2a10';
const thingSchema = z.object({ id: z.uuid(), name: z.string(), email: z.string() });

let handled = 0;

function buildApp(
  overrides: { readiness?: Record<string, () => Promise<unknown>>; bodyLimit?: string; metricsAllow?: string; trustProxy?: string } = {},
) {
  const { logger, lines } = memoryLogger('things');
  const registry = createMetricsRegistry('things');
  const http = createHttpApp({
    service: 'things',
    version: '1.2.3',
    logger,
    registry,
    bodyLimit: overrides.bodyLimit ?? '1kb',
    readiness: overrides.readiness ?? { postgres: async () => 1 },
    readinessTimeoutMs: 100,
    metricsAllow: overrides.metricsAllow,
    trustProxy: overrides.trustProxy,
    configure(router) {
      router.route({
        method: 'post',
        path: '/api/things/:id',
        summary: 'Create a thing',
        tags: ['things'],
        auth: 'public',
        request: {
          params: z.object({ id: z.uuid() }),
          body: z.object({ name: z.string().min(1), email: z.email() }).strict(),
        },
        responses: { 201: { description: 'Created', schema: thingSchema } },
        handler: async ({ params, body }) => {
          handled += 1;
          return { id: params.id, name: body.name, email: body.email };
        },
      });
      router.route({
        method: 'get',
        path: '/api/things',
        summary: 'List things',
        auth: 'public',
        request: { query: paginationQuerySchema },
        responses: { 200: { description: 'A page', schema: z.object({ page: z.number(), limit: z.number() }) } },
        handler: ({ query }) => ({ page: query.page, limit: query.limit }),
      });
      router.route({
        method: 'delete',
        path: '/api/things/:id',
        summary: 'Delete a thing',
        auth: 'public',
        responses: { 204: { description: 'Deleted' }, 404: { description: 'No such thing' } },
        handler: ({ params }) => {
          if (params.id !== THING_ID) throw AppError.notFound('Thing');
        },
      });
      router.route({
        method: 'post',
        path: '/api/seats',
        summary: 'Take a seat',
        auth: 'public',
        responses: { 201: { description: 'Taken' }, 409: { description: 'Seat taken' } },
        handler: () => {
          throw AppError.conflict(ErrorCode.SEAT_TAKEN, 'Seat A1 is already taken', { seats: ['A1'] });
        },
      });
      router.route({
        method: 'get',
        path: '/api/upstream',
        summary: 'Calls an upstream that is down',
        auth: 'public',
        responses: { 200: { description: 'Never' } },
        handler: async () => {
          throw new AppError(ErrorCode.UPSTREAM_UNAVAILABLE, 'Payments are unavailable', {
            status: 503,
            headers: { 'Retry-After': '10' },
          });
        },
      });
      router.route({
        method: 'get',
        path: '/api/bug',
        summary: 'Has a bug',
        auth: 'public',
        responses: { 200: { description: 'Never' } },
        handler: async () => {
          await Promise.resolve();
          throw new TypeError('cannot read secret_internal_detail of undefined');
        },
      });
      router.route({
        method: 'put',
        path: '/api/keyed',
        summary: 'Reads a declared header',
        auth: 'public',
        request: { headers: z.object({ 'x-thing-key': z.string().max(8).optional().meta({ description: 'A key' }) }) },
        responses: { 200: { description: 'The key', schema: z.object({ key: z.string().nullable() }) } },
        handler: ({ req }) => {
          handled += 1;
          return { key: req.get('x-thing-key') ?? null };
        },
      });
      router.route({
        method: 'post',
        path: '/api/login',
        summary: 'Log in (JSON or OAuth2 password form)',
        auth: 'public',
        request: {
          body: z.object({ username: z.string(), password: z.string() }),
          bodyContentTypes: ['application/json', 'application/x-www-form-urlencoded'],
        },
        responses: { 200: { description: 'Logged in', schema: z.object({ username: z.string() }) } },
        handler: ({ body }) => ({ username: body.username }),
      });
      router.express.post(
        '/api/raw/:n',
        validate({ params: z.object({ n: z.coerce.number().int() }), query: z.object({ q: z.string().default('none') }), body: z.object({ a: z.string() }) }),
        (req, res) => {
          res.json({ params: req.params, query: req.query, body: req.body });
        },
      );
      router.express.get('/api/raw/:slug', (req, res) => {
        handled += 1;
        res.json({ slug: req.params.slug });
      });
      router.express.get('/api/whoami', (req, res) => {
        res.json({ ip: clientAddress(req) });
      });
    },
  });
  return { ...http, lines, registry };
}

describe('createHttpApp', () => {
  const { app, lines } = buildApp();

  describe('request ids', () => {
    it('when the request has a sane X-Request-Id, then it is echoed and used as correlation id', async () => {
      const res = await request(app).get('/health').set('X-Request-Id', 'abc-123.x:y');
      expect(res.headers['x-request-id']).toBe('abc-123.x:y');
      expect(res.headers['x-correlation-id']).toBe('abc-123.x:y');
    });

    it('when the request has none, or an unsafe one, then a uuid is generated', async () => {
      const none = await request(app).get('/health');
      expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const unsafe = await request(app).get('/health').set('X-Request-Id', 'bad id\twith spaces');
      expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const long = await request(app).get('/health').set('X-Request-Id', 'a'.repeat(129));
      expect(long.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('when a correlation id is given, then it travels separately from the request id', async () => {
      const res = await request(app).get('/health').set('X-Correlation-Id', 'flow-42');
      expect(res.headers['x-correlation-id']).toBe('flow-42');
      expect(res.headers['x-request-id']).not.toBe('flow-42');
    });

    it('when a request is answered, then its access log line carries the request id and route, not the query', async () => {
      await request(app).get('/api/things?page=2&reset_code=123456').set('X-Request-Id', 'log-me-1');
      const line = lines.find((l) => l.message === 'request' && l.request_id === 'log-me-1');
      expect(line).toMatchObject({ method: 'GET', route: '/api/things', path: '/api/things', status: 200, service: 'things' });
      expect(JSON.stringify(line)).not.toContain('123456');
    });
  });

  describe('typed routes', () => {
    it('when the body is valid, then the handler result is sent with the declared 201', async () => {
      const res = await request(app).post(`/api/things/${THING_ID}`).send({ name: 'Lamp', email: 'a@b.co' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: THING_ID, name: 'Lamp', email: 'a@b.co' });
    });

    it('when params and body are invalid, then 400 VALIDATION_FAILED names every field', async () => {
      const res = await request(app).post('/api/things/not-a-uuid').send({ name: '', email: 'nope', extra: 1 });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', type: expect.stringContaining('validation-failed') });
      const fields = (res.body.errors as { field: string; message: string }[]).map((e) => e.field).sort();
      expect(fields).toEqual(['body.email', 'body.extra', 'body.name', 'params.id']);
      expect(res.body.request_id).toBe(res.headers['x-request-id']);
    });

    it('when the body is missing, then 400 names the body', async () => {
      const res = await request(app).post(`/api/things/${THING_ID}`);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'body', message: expect.any(String) }]);
    });

    it('when query numbers come as strings, then they are coerced and defaulted', async () => {
      const res = await request(app).get('/api/things?page=3');
      expect(res.body).toEqual({ page: 3, limit: 20 });
      const bad = await request(app).get('/api/things?limit=1000');
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('query.limit');
    });

    it('when the handler returns nothing for a 204 route, then 204 is sent; an AppError maps to its status', async () => {
      expect((await request(app).delete(`/api/things/${THING_ID}`)).status).toBe(204);
      const missing = await request(app).delete('/api/things/other');
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ code: 'NOT_FOUND', detail: 'Thing was not found' });
    });

    it('when the route takes a form, then the OAuth2 password form is accepted as well as JSON', async () => {
      const form = await request(app).post('/api/login').type('form').send('username=ada&password=secret123');
      expect(form.status).toBe(200);
      expect(form.body).toEqual({ username: 'ada' });
      const json = await request(app).post('/api/login').send({ username: 'bob', password: 'x' });
      expect(json.body).toEqual({ username: 'bob' });
    });

    it('when validate() guards a plain Express route, then it parses or answers 400 the same way', async () => {
      const ok = await request(app).post('/api/raw/7').send({ a: 'x', dropped: true });
      expect(ok.body).toEqual({ params: { n: 7 }, query: { q: 'none' }, body: { a: 'x' } });
      const bad = await request(app).post('/api/raw/seven').send({});
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.a', 'params.n']);
    });

    it('when a route declares a header, then a bad value is 400 naming it before the handler, and it is documented', async () => {
      const before = handled;
      const bad = await request(app).put('/api/keyed').set('X-Thing-Key', 'far-too-long');
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ field: 'headers.x-thing-key', message: expect.any(String) }]);
      expect(handled).toBe(before);
      expect((await request(app).put('/api/keyed').set('X-Thing-Key', 'k1')).body).toEqual({ key: 'k1' });
      expect((await request(app).put('/api/keyed')).body).toEqual({ key: null });
      const doc = (await request(app).get('/openapi.json')).body;
      expect(doc.paths['/api/keyed'].put.parameters).toEqual([
        expect.objectContaining({ name: 'x-thing-key', in: 'header', required: false, description: 'A key' }),
      ]);
    });

    it('when the body has another media type, then 415', async () => {
      const res = await request(app).post(`/api/things/${THING_ID}`).type('text/plain').send('name=Lamp');
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const form = await request(app).post(`/api/things/${THING_ID}`).type('form').send('name=Lamp&email=a@b.co');
      expect(form.status).toBe(415);
    });
  });

  describe('errors', () => {
    it('when the JSON is malformed, then 400 MALFORMED_JSON without echoing the body', async () => {
      const res = await request(app).post(`/api/things/${THING_ID}`).type('json').send('{"name": "Lamp",');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('MALFORMED_JSON');
      expect(JSON.stringify(res.body)).not.toContain('Lamp');
    });

    it('when the body is over the limit, then 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await request(app).post(`/api/things/${THING_ID}`).send({ name: 'x'.repeat(2048), email: 'a@b.co' });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('when no route matches, then 404 ROUTE_NOT_FOUND as problem+json', async () => {
      const res = await request(app).get('/api/nothing-here');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'ROUTE_NOT_FOUND', status: 404, title: 'Route not found' });
      expect(res.body.request_id).toBe(res.headers['x-request-id']);
    });

    it('when a handler has a bug, then 500 INTERNAL without the message or stack, and the stack is logged', async () => {
      const res = await request(app).get('/api/bug').set('X-Request-Id', 'bug-1');
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ code: 'INTERNAL', status: 500, request_id: 'bug-1' });
      const text = JSON.stringify(res.body);
      expect(text).not.toContain('secret_internal_detail');
      expect(text).not.toMatch(/at .*\.ts/);
      const logged = lines.find((l) => l.level === 'error' && l.request_id === 'bug-1');
      expect(logged).toMatchObject({ message: 'unhandled error', route: '/api/bug' });
      expect(JSON.stringify(logged)).toContain('secret_internal_detail');
      expect((logged?.error as { stack: string }).stack).toContain('TypeError');
    });

    it('when an AppError carries details and headers, then they are in the problem', async () => {
      const conflict = await request(app).post('/api/seats');
      expect(conflict.status).toBe(409);
      expect(conflict.body).toMatchObject({ code: 'SEAT_TAKEN', seats: ['A1'], detail: 'Seat A1 is already taken' });
      const upstream = await request(app).get('/api/upstream');
      expect(upstream.status).toBe(503);
      expect(upstream.headers['retry-after']).toBe('10');
      expect(upstream.body.code).toBe('UPSTREAM_UNAVAILABLE');
    });
  });

  describe('text PostgreSQL cannot store', () => {
    beforeEach(() => {
      handled = 0;
    });

    it('when a body string holds NUL, then 400 VALIDATION_FAILED names the field and no handler runs', async () => {
      const res = await request(app).post(`/api/things/${THING_ID}`).send({ name: 'La\u0000mp', email: 'a@b.co' });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: ErrorCode.VALIDATION_FAILED, errors: [{ field: 'body.name', message: expect.stringMatching(/NUL/) }] });
      expect(handled).toBe(0);
    });

    it('when a nested string, an array item or a field name holds NUL or a lone surrogate, then each is named', async () => {
      const res = await request(app)
        .post(`/api/things/${THING_ID}`)
        .set('Content-Type', 'application/json')
        .send('{"name":"ok","email":"a@b.co","cast":[{"name":"x"},{"name":"\\ud800"}],"k\\u0000ey":1}');
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { field: 'body.cast.1.name', message: expect.stringMatching(/surrogate/) },
        { field: 'body.k\\u0000ey', message: expect.stringMatching(/field name/) },
      ]);
      expect(handled).toBe(0);
    });

    it('when a form field holds NUL, then 400 as for JSON', async () => {
      const res = await request(app).post('/api/login').type('form').send('username=a%00b&password=x');
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'body.username', message: expect.stringMatching(/NUL/) }]);
    });

    it('when the query string holds NUL, then 400 names the parameter', async () => {
      const res = await request(app).get('/api/things?page=1&q=a%00N');
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'query.q', message: expect.stringMatching(/NUL/) }]);
    });

    it('when a path segment decodes to NUL or is not UTF-8, then 400 before any route runs', async () => {
      for (const path of ['/api/raw/a%00b', '/api/raw/%ED%A0%80', '/api/raw/%FF']) {
        const res = await request(app).get(path);
        expect({ path, status: res.status, field: res.body.errors?.[0]?.field }).toEqual({ path, status: 400, field: 'path' });
      }
      expect(handled).toBe(0);
    });

    it('when text is merely unusual (right-to-left override, emoji, CJK), then it passes', async () => {
      const name = '\u202Egnp.exe 🎬 映画';
      const res = await request(app).post(`/api/things/${THING_ID}`).send({ name, email: 'a@b.co' });
      expect(res.status).toBe(201);
      expect(res.body.name).toBe(name);
    });
  });

  describe('operations', () => {
    it('GET /health says healthy with service and version', async () => {
      const res = await request(app).get('/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'healthy', service: 'things', version: '1.2.3', timestamp: expect.any(String) });
      expect(new Date(res.body.timestamp).toISOString()).toBe(res.body.timestamp);
    });

    it('when every check passes, then /ready is 200 with each check ok', async () => {
      const res = await request(app).get('/ready');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ready', checks: { postgres: 'ok' } });
    });

    it('when a check fails or hangs, then /ready is 503 naming it, without the internal reason', async () => {
      const { app: failing } = buildApp({
        readiness: {
          postgres: async () => 1,
          redis: () => Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:6379')),
          rabbitmq: () => new Promise(() => undefined),
        },
      });
      const res = await request(failing).get('/ready');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        status: 'unready',
        checks: { postgres: 'ok', redis: 'failed', rabbitmq: 'timeout' },
        failing: ['redis', 'rabbitmq'],
      });
      expect(JSON.stringify(res.body)).not.toContain('10.1.2.3');
    });

    it('/metrics counts requests by route pattern, not by raw URL', async () => {
      await request(app).post(`/api/things/${THING_ID}`).send({ name: 'Lamp', email: 'a@b.co' });
      await request(app).get('/api/raw/some-slug');
      const res = await request(app).get('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toMatch(/http_requests_total\{[^}]*method="POST"[^}]*route="\/api\/things\/:id"[^}]*status="201"/);
      expect(res.text).toMatch(/http_requests_total\{[^}]*route="\/api\/raw\/:slug"/);
      expect(res.text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/api\/things\/:id"/);
      expect(res.text).toContain('http_requests_in_flight');
      expect(res.text).not.toContain(THING_ID);
      expect(res.text).not.toContain('some-slug');
      expect(res.text).toMatch(/http_requests_total\{[^}]*route="unmatched"[^}]*status="404"/);
    });

    it('/openapi.json is OpenAPI 3.1 generated from the routes, with problem answers', async () => {
      const res = await request(app).get('/openapi.json');
      expect(res.status).toBe(200);
      const doc = res.body;
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.info).toMatchObject({ title: 'things', version: '1.2.3' });
      const create = doc.paths['/api/things/{id}'].post;
      expect(create.summary).toBe('Create a thing');
      expect(create.security).toEqual([]);
      expect(create.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
      expect(create.requestBody.content['application/json'].schema.properties.email).toBeDefined();
      expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '413', '415', '500']));
      expect(create.responses['400'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
      expect(doc.paths['/api/things'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['limit', 'page']);
      expect(Object.keys(doc.paths['/api/login'].post.requestBody.content)).toEqual([
        'application/json',
        'application/x-www-form-urlencoded',
      ]);
      expect(doc.paths['/health'].get).toBeDefined();
      expect(doc.components.securitySchemes.bearerAuth).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    });

    it('when /metrics is asked from a socket address outside METRICS_ALLOW, then 403, whatever X-Forwarded-For says', async () => {
      const { app: closed } = buildApp({ metricsAllow: '10.9.9.9', trustProxy: 'loopback' });
      const res = await request(closed).get('/metrics').set('X-Forwarded-For', '10.9.9.9');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe(ErrorCode.FORBIDDEN);
      expect(res.text).not.toContain('http_requests_total');
    });

    it('sets security headers (helmet) and hides Express', async () => {
      const res = await request(app).get('/health');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });
  });
});

describe('createHttpApp client addresses', () => {
  async function whoami(server: http.Server, localAddress: string, forwardedFor?: string): Promise<string> {
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, path: '/api/whoami', localAddress, headers: forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {} },
        (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve((JSON.parse(body) as { ip: string }).ip));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  let server: http.Server;
  beforeAll(async () => {
    server = http.createServer(buildApp({ trustProxy: '127.0.0.2' }).app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('when X-Forwarded-For comes from an address that is not a trusted proxy, then it is ignored', async () => {
    expect(await whoami(server, '127.0.0.1', '203.0.113.9')).toBe('127.0.0.1');
  });

  it('when it comes from a trusted proxy, then the client address is believed, in canonical form', async () => {
    expect(await whoami(server, '127.0.0.2', '203.0.113.9')).toBe('203.0.113.9');
    expect(await whoami(server, '127.0.0.2', '::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(await whoami(server, '127.0.0.2', '2001:DB8:0:0::1')).toBe('2001:db8::1');
  });

  it('when a client forges a chain through the trusted proxy, then only the hop the proxy saw counts', async () => {
    expect(await whoami(server, '127.0.0.2', '127.0.0.2, 198.51.100.4')).toBe('198.51.100.4');
  });
});

describe('createHttpApp configuration errors', () => {
  const base = {
    service: 's',
    version: '0',
    logger: memoryLogger().logger,
    readiness: {},
  };

  it('when a protected route is declared without a token verifier, then it fails at start', () => {
    expect(() =>
      createHttpApp({
        ...base,
        registry: createMetricsRegistry('s'),
        configure(router) {
          router.route({ method: 'get', path: '/x', summary: 'x', responses: { 200: { description: 'ok' } }, handler: () => undefined });
        },
      }),
    ).toThrow(/no token verifier/);
  });

  it('when trust proxy is true or a hop count, then it fails at start', () => {
    for (const trustProxy of [true, 1]) {
      expect(() =>
        createHttpApp({ ...base, registry: createMetricsRegistry('s'), trustProxy: trustProxy as unknown as string, configure: () => undefined }),
      ).toThrow(/never true or a hop count/);
    }
  });
});
