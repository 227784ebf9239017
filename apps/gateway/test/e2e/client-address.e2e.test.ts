import { startEchoUpstreams, startGatewayProcess } from '../support/gateway-stack';
import type { NodeProcess } from '../support/processes';
import { requestFrom } from '../support/raw-http';

// Linux routes all of 127.0.0.0/8 to loopback: 127.0.0.2 plays the proxy in front of the gateway
// (nginx), 127.0.0.1 a client that reaches the gateway's port directly, 127.0.0.3 an operator.
const PROXY = '127.0.0.2';
const DIRECT = '127.0.0.1';
const OPERATOR = '127.0.0.3';

interface Echo {
  service: string;
  headers: Record<string, string>;
}

describe('client addresses and /metrics at the gateway', () => {
  let echo: NodeProcess;
  let gateway: NodeProcess;
  let base: string;

  beforeAll(async () => {
    const upstreams = await startEchoUpstreams(['users', 'movies']);
    echo = upstreams.process;
    const started = await startGatewayProcess({
      ...upstreams.urls,
      TRUSTED_PROXIES: PROXY,
      METRICS_ALLOW: `${PROXY}, ${OPERATOR}`,
      RATE_LIMIT_AUTH: '5',
      RATE_LIMIT_DEFAULT: '100000',
    });
    gateway = started.process;
    base = started.url;
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await echo?.stop();
  });

  const login = (from: string, forwardedFor?: string) =>
    requestFrom(base, {
      method: 'POST',
      path: '/api/auth/login',
      localAddress: from,
      headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      body: '{}',
    });

  const seenBy = async (from: string, headers: Record<string, string>) => {
    const answer = await requestFrom(base, { path: '/api/movies/popular', localAddress: from, headers });
    expect(answer.status).toBe(200);
    return (JSON.parse(answer.body) as Echo).headers;
  };

  it('when a client that is not a trusted proxy sends X-Forwarded-For, then it is ignored: the service sees the socket address, and limits count it there', async () => {
    expect((await seenBy(DIRECT, { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-host': 'evil.example' }))['x-forwarded-for']).toBe(DIRECT);
    expect((await seenBy(DIRECT, { 'x-forwarded-host': 'evil.example' }))['x-forwarded-host']).not.toBe('evil.example');
    // A new forged address each time does not buy a new bucket.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await login(DIRECT, `203.0.113.${100 + i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('when a trusted proxy forwards a client, then the service sees that client only, in canonical form', async () => {
    expect((await seenBy(PROXY, { 'x-forwarded-for': '203.0.113.7' }))['x-forwarded-for']).toBe('203.0.113.7');
    // Whatever the client wrote before the proxy's own entry stays at the gateway.
    expect((await seenBy(PROXY, { 'x-forwarded-for': '10.9.9.9, ::ffff:203.0.113.8' }))['x-forwarded-for']).toBe('203.0.113.8');
    expect((await seenBy(PROXY, { 'x-forwarded-for': '203.0.113.009:4321' }))['x-forwarded-for']).toBe('203.0.113.9');
    expect((await seenBy(PROXY, { 'x-forwarded-for': '2001:DB8:0:0::1' }))['x-forwarded-for']).toBe('2001:db8::1');
    expect((await seenBy(PROXY, { 'x-forwarded-host': 'marquee.example' }))['x-forwarded-host']).toBe('marquee.example');
  });

  it('when one address is written four ways by a trusted proxy, then all share one auth bucket; another address has its own', async () => {
    const spellings = ['10.1.1.1', '::ffff:10.1.1.1', '10.1.1.01', '010.1.1.1', '10.1.1.1:1234'];
    const statuses: number[] = [];
    for (const spelling of spellings) statuses.push((await login(PROXY, spelling)).status);
    statuses.push((await login(PROXY, '::FFFF:10.1.1.1')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await login(PROXY, '10.1.1.2')).status).toBe(200);
  });

  it('when an IPv6 client varies its address within its /64, then it keeps one bucket', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) statuses.push((await login(PROXY, `2001:db8:aa:bb12::${i.toString(16)}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await login(PROXY, '2001:db8:aa:bb13::1')).status).toBe(200);
  });

  it('serves /metrics only to METRICS_ALLOW socket addresses; a forwarded header never admits, and through a proxy the client must be allowed too', async () => {
    const metrics = (from: string, forwardedFor?: string) => requestFrom(base, { path: '/metrics', localAddress: from, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });

    const allowed = await metrics(OPERATOR);
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatch(/http_requests_total\{[^}]*service="gateway"/);

    for (const [from, forwardedFor] of [
      [DIRECT, undefined],
      [DIRECT, OPERATOR],
      [PROXY, '203.0.113.5'],
    ] as const) {
      const refused = await metrics(from, forwardedFor);
      expect({ from, forwardedFor, status: refused.status }).toEqual({ from, forwardedFor, status: 403 });
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(refused.body)).toMatchObject({ code: 'FORBIDDEN' });
      expect(refused.body).not.toContain('http_requests_total');
    }
    expect((await metrics(PROXY, OPERATOR)).status).toBe(200);
  });

  it('never proxies a service\'s /metrics, however the path is written', async () => {
    for (const path of ['/metrics', '/metrics/', '/METRICS', '/api/metrics', '/api/../metrics', '//metrics', '/api/movies/../../metrics', '/metrics?format=json']) {
      for (const from of [DIRECT, OPERATOR]) {
        const answer = await requestFrom(base, { path, localAddress: from });
        expect({ path, from, echoed: answer.headers['x-echo-service'] }).toEqual({ path, from, echoed: undefined });
        expect(answer.status === 200 ? answer.body : '').not.toContain('"service":"movies"');
      }
    }
  });
});
