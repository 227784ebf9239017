import { TcpProxy, TestIssuer, waitUntil } from '@marquee/testing';
import { startEchoUpstreams, startGatewayProcess } from '../support/gateway-stack';
import type { NodeProcess } from '../support/processes';

describe('when the gateway loses Redis', () => {
  const issuer = new TestIssuer();
  let redis: TcpProxy;
  let echo: NodeProcess;
  let gateway: NodeProcess;
  let base: string;

  beforeAll(async () => {
    const jwksUrl = await issuer.start();
    redis = await TcpProxy.start('127.0.0.1', 6379);
    const upstreams = await startEchoUpstreams(['movies', 'tickets']);
    echo = upstreams.process;
    const started = await startGatewayProcess({ ...upstreams.urls, JWKS_URL: jwksUrl, REDIS_URL: redis.url('redis://127.0.0.1:6379') });
    gateway = started.process;
    base = started.url;
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await echo?.stop();
    await redis?.close();
    await issuer.stop();
  });

  it('then public routes still pass without rate-limit headers, signed-in routes answer 503 (a revoked session must not come back), /ready says unready; all recover with Redis', async () => {
    const token = issuer.issue().token;
    const signedIn = () => fetch(`${base}/api/tickets`, { headers: { authorization: `Bearer ${token}` } });
    expect((await signedIn()).status).toBe(200);

    redis.cut();
    const open = await fetch(`${base}/api/movies/popular`);
    expect(open.status).toBe(200);
    expect(open.headers.get('ratelimit-limit')).toBeNull();
    const refused = await signedIn();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'unready', failing: ['redis'] });
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/gateway_gate_errors_total\{limit="default"[^}]*\} [1-9]/);

    redis.restore();
    await waitUntil(async () => (await signedIn()).status === 200, { timeoutMs: 10_000, message: 'signed-in route back' });
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    expect((await fetch(`${base}/api/movies/popular`)).headers.get('ratelimit-limit')).toBe('100');
  }, 30_000);
});
