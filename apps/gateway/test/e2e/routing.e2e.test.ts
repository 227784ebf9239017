import { TestIssuer } from '@marquee/testing';
import { ROUTES, UPSTREAMS } from '../../src/routes/route-table';
import { startEchoUpstreams, startGatewayProcess } from '../support/gateway-stack';
import type { NodeProcess } from '../support/processes';
import { requestFrom } from '../support/raw-http';

const ID = '3d6f0f4e-5a2b-4c1d-9e8f-7a6b5c4d3e2f';

describe('gateway routing, as separate processes', () => {
  const issuer = new TestIssuer();
  let echo: NodeProcess;
  let gateway: NodeProcess;
  let base: string;
  let token: string;

  beforeAll(async () => {
    const jwksUrl = await issuer.start();
    const upstreams = await startEchoUpstreams(UPSTREAMS);
    echo = upstreams.process;
    const started = await startGatewayProcess({ ...upstreams.urls, JWKS_URL: jwksUrl, RATE_LIMIT_DEFAULT: '100000', RATE_LIMIT_AUTH: '100000', RATE_LIMIT_SEARCH: '100000' });
    gateway = started.process;
    base = started.url;
    token = issuer.issue().token;
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await echo?.stop();
    await issuer.stop();
  });

  const operations = ROUTES.flatMap((rule) => rule.methods.map((method) => ({ method, rule, url: rule.path.replace(/\{\w+\}/g, ID) })));

  it('when a client calls each path of the table, then the right service receives it unchanged, with the token and forwarding headers', async () => {
    const wrong: string[] = [];
    for (const { method, rule, url } of operations) {
      const res = await fetch(`${base}${url}?page=2`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'x-request-id': `route-${method}-${rule.path}`.replace(/[^\w.:-]/g, '_'), 'x-forwarded-for': '203.0.113.9' },
        body: method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify({ hello: 'world' }),
      });
      const body = (await res.json()) as { service: string; url: string; method: string; headers: Record<string, string>; body_bytes: number };
      const ok =
        res.status === 200 &&
        body.service === rule.upstream &&
        body.method === method &&
        body.url === `${url}?page=2` &&
        body.headers.authorization === `Bearer ${token}` &&
        body.headers['x-forwarded-for'] === '203.0.113.9' &&
        body.headers['x-request-id'] === res.headers.get('x-request-id') &&
        body.headers['x-forwarded-proto'] === 'http' &&
        (method === 'GET' || method === 'DELETE' || body.body_bytes === 17);
      if (!ok) wrong.push(`${method} ${url} → ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
    expect(operations.length).toBeGreaterThan(100);
  }, 60_000);

  it('when a protected path is called without a token or with a bad one, then the gateway answers 401 problem+json without calling the service', async () => {
    const protectedOps = operations.filter((op) => op.rule.access === 'user');
    const notRefused: string[] = [];
    for (const { method, url } of protectedOps) {
      for (const authorization of [undefined, 'Bearer not-a-token', `Bearer ${issuer.issue({ ttlSec: -60 }).token}`]) {
        const res = await fetch(`${base}${url}`, { method, headers: authorization ? { authorization } : {} });
        const body = (await res.json()) as { code?: string; status?: number };
        if (res.status !== 401 || res.headers.get('content-type')?.startsWith('application/problem+json') !== true || res.headers.get('x-echo-service')) {
          notRefused.push(`${method} ${url} (${authorization ?? 'no token'}) → ${res.status} ${JSON.stringify(body)}`);
        }
      }
    }
    expect(notRefused).toEqual([]);
    expect(protectedOps.length).toBeGreaterThan(60);
  }, 60_000);

  it('when a public path is called without a token, then it passes; with a bad token, the service decides', async () => {
    const res = await fetch(`${base}/api/movies/popular`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { service: string }).service).toBe('movies');
    const withBad = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { authorization: 'Bearer expired' }, body: '{}' });
    expect(withBad.status).toBe(200);
  });

  it('when the path is unknown, then 404 ROUTE_NOT_FOUND problem+json from the gateway; a known path with the wrong method is 405 with Allow', async () => {
    const missing = await fetch(`${base}/api/nothing/here`, { headers: { 'x-request-id': 'abc-123' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await missing.json()).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND', request_id: 'abc-123' });
    expect(missing.headers.get('x-request-id')).toBe('abc-123');

    const wrongMethod = await fetch(`${base}/api/reviews`, { method: 'PATCH', headers: { authorization: `Bearer ${token}` } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST, GET');
    expect(await wrongMethod.json()).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
  });

  it('when a client sends an absolute URL as the request target, then the service still gets the path and query only', async () => {
    const answer = await requestFrom(base, { path: 'http://evil.example/api/movies/popular?page=2' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ service: 'movies', url: '/api/movies/popular?page=2' });
  });

  it('when the path, query or headers carry NUL, lone surrogates or broken UTF-8, then every answer is below 500', async () => {
    const hostile = ['%00', '%ED%A0%80', '%ED%BF%BF', '%E0', '%C0%80', '%FF', '%F0%9F%98', '%25%00', '%E2%80%AE'];
    const requests: { method: string; path: string; headers?: Record<string, string> }[] = [];
    for (const h of hostile) {
      for (const path of [`/${h}`, `/api/${h}`, `/api/docs/${h}`, `/api/docs/${h}.js`, `/health?q=${h}`, `/ready?${h}=1`, `/metrics?x=${h}`, `/api/openapi.json?x=${h}`]) {
        requests.push({ method: 'GET', path });
      }
      for (const path of [`/api/movies/${h}`, `/api/movies/search?q=a${h}`, `/api/reviews/${h}/extra`, `/api/profile?${h}=1`, `/api/users/${h}/role`]) {
        for (const method of ['GET', 'POST', 'PATCH']) requests.push({ method, path });
      }
    }
    // Header values go out as latin1 bytes: invalid UTF-8, a lone surrogate's bytes among them.
    for (const latin1 of ['Bearer \xff\xfe', 'Bearer \xed\xa0\x80', '\xff']) {
      requests.push({ method: 'GET', path: '/api/profile', headers: { authorization: latin1 } }, { method: 'GET', path: '/api/movies', headers: { authorization: latin1, 'x-request-id': latin1, origin: latin1 } });
    }
    const fiveHundreds: string[] = [];
    for (const request of requests) {
      const answer = await requestFrom(base, request);
      if (answer.status >= 500) fiveHundreds.push(`${request.method} ${request.path} ${JSON.stringify(request.headers ?? {})} → ${answer.status} ${answer.body.slice(0, 200)}`);
    }
    expect(fiveHundreds).toEqual([]);
    expect(requests.length).toBeGreaterThan(200);
  }, 60_000);

  it('serves its own health, readiness with every upstream and circuit, metrics and CORS', async () => {
    for (const path of ['/health', '/api/system/health']) {
      const health = await fetch(`${base}${path}`);
      expect(await health.json()).toMatchObject({ status: 'healthy', version: expect.any(String), timestamp: expect.any(String) });
    }
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { checks: Record<string, string>; upstreams: Record<string, { ready: string; circuit: string }> };
    expect(body.checks.redis).toBe('ok');
    for (const upstream of UPSTREAMS) expect(body.upstreams[upstream]).toEqual({ ready: 'ready', circuit: 'closed' });

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/http_requests_total\{method="GET",route="\/api\/movies\/popular",status="200"/);
    expect(metrics).toMatch(/gateway_upstream_responses_total\{upstream="movies",status="200"/);
    expect(metrics).toMatch(/circuit_breaker_state\{breaker="users"/);

    const preflight = await fetch(`${base}/api/tickets`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const stranger = await fetch(`${base}/api/movies`, { headers: { origin: 'https://evil.example' } });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    // Proxied answers carry the service's own security headers; the gateway's own carry its.
    expect((await fetch(`${base}/health`)).headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${base}/api/tickets`)).headers.get('x-content-type-options')).toBe('nosniff');
  });
});
