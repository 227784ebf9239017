import { waitUntil } from '@marquee/testing';
import { startEchoUpstreams, startGatewayProcess } from '../support/gateway-stack';
import type { NodeProcess } from '../support/processes';
import { UsersProcess } from '../support/users-process';

interface Doc {
  info: { 'x-services': Record<string, string> };
  paths: Record<string, Record<string, { tags: string[]; 'x-service': string }>>;
}

const operations = (doc: { paths: Record<string, Record<string, unknown>> }) =>
  Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).filter((m) => m !== 'parameters').map((m) => `${m.toUpperCase()} ${path}`));

describe('merged OpenAPI and Swagger UI', () => {
  const users = new UsersProcess();
  let echo: NodeProcess;
  let gateway: NodeProcess;
  let base: string;

  beforeAll(async () => {
    const upstreams = await startEchoUpstreams(['movies']);
    echo = upstreams.process;
    // The gateway starts before the users service, as after a reboot in any order.
    const started = await startGatewayProcess({ ...upstreams.urls, USERS_URL: await users.reserve(), JWKS_URL: `${await users.reserve()}/.well-known/jwks.json`, OPENAPI_REFRESH_MS: '300' });
    gateway = started.process;
    base = started.url;
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await echo?.stop();
    await users.stop();
  });

  const merged = async () => (await (await fetch(`${base}/api/openapi.json`)).json()) as Doc;

  it('when a service comes up after the gateway, then its operations join /api/openapi.json by themselves, tagged with the service', async () => {
    expect((await merged()).info['x-services'].users).toBe('missing');
    await users.start();
    await waitUntil(async () => (await merged()).info['x-services'].users === 'loaded', { timeoutMs: 10_000, message: 'users document merged' });

    const doc = await merged();
    const own = (await (await fetch(`${users.url}/openapi.json`)).json()) as Doc;
    // Its probes and its internal routes (other services' backfills, ADR 0012) are not the gateway's to show.
    const internal = operations(own).filter((op) => / \/internal\//.test(op));
    expect(internal.length).toBeGreaterThan(0);
    const routed = operations(own).filter((op) => !/ \/(health|ready|metrics|openapi\.json)$/.test(op) && !internal.includes(op));
    expect(routed.length).toBeGreaterThan(15);
    const mergedOps = new Set(operations(doc));
    expect(routed.filter((op) => !mergedOps.has(op))).toEqual([]);
    expect(doc.paths['/api/auth/login']?.post).toMatchObject({ tags: expect.arrayContaining(['users']), 'x-service': 'users' });
    // A service's own probes and paths the gateway does not route stay out; the gateway's are in.
    expect(mergedOps.has('GET /api/echo-movies')).toBe(false);
    expect(internal.filter((op) => mergedOps.has(op))).toEqual([]);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/ready', '/metrics', '/api/openapi.json']));
    expect(Object.values(doc.paths).flatMap((item) => Object.values(item)).filter((op) => op['x-service'] === 'users').length).toBe(routed.length);
  }, 30_000);

  it('serves Swagger UI at /api/docs, pointed at the merged document, under the default CSP', async () => {
    const redirect = await fetch(`${base}/api/docs`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/api/docs/');
    const page = await fetch(`${base}/api/docs/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui-bundle.js');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const init = await (await fetch(`${base}/api/docs/marquee-docs.js`)).text();
    expect(init).toContain('"/api/openapi.json"');
    const bundle = await fetch(`${base}/api/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
  });
});
