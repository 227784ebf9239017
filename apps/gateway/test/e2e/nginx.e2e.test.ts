import { Nginx } from '../support/nginx';
import { startEchoUpstreams, startGatewayProcess } from '../support/gateway-stack';
import type { NodeProcess } from '../support/processes';
import { requestFrom } from '../support/raw-http';
import { registerUser, UsersProcess } from '../support/users-process';

const MB = 1024 * 1024;

describe('through real nginx with the repository nginx.conf', () => {
  const users = new UsersProcess();
  const nginx = new Nginx();
  const gateways: NodeProcess[] = [];
  const gatewayUrls: string[] = [];
  let echo: NodeProcess;
  let edge: string;

  beforeAll(async () => {
    await users.start();
    const upstreams = await startEchoUpstreams(['videos']);
    echo = upstreams.process;
    const env = { ...upstreams.urls, USERS_URL: users.url, JWKS_URL: users.jwksUrl, RATE_LIMIT_PREFIX: `gw-nginx-${process.pid}-${Date.now()}:` };
    const started = [await startGatewayProcess(env), await startGatewayProcess(env)];
    gateways.push(...started.map((s) => s.process));
    gatewayUrls.push(...started.map((s) => s.url));
    edge = await nginx.start(started.map((s) => `127.0.0.1:${s.port}`));
  }, 60_000);

  afterAll(async () => {
    await nginx.stop();
    for (const gateway of gateways) await gateway.stop();
    await echo?.stop();
    await users.stop();
  });

  it('when a client signs in through nginx, then the users service sees the address nginx saw, not a forged X-Forwarded-For, and the request id travels', async () => {
    const account = await registerUser(edge, '203.0.113.50');
    const login = await fetch(`${edge}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.77', 'x-request-id': 'edge-req-1' },
      body: JSON.stringify({ email: account.email, password: account.password }),
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('x-request-id')).toBe('edge-req-1');
    const { access_token } = (await login.json()) as { access_token: string };
    const sessions = (await (await fetch(`${edge}/api/auth/sessions`, { headers: { authorization: `Bearer ${access_token}` } })).json()) as { items: { ip: string }[] };
    expect(sessions.items.map((s) => s.ip)).toEqual(['127.0.0.1', '127.0.0.1']);
  });

  it('when requests come through nginx, then both gateway replicas serve them and answers carry a request id', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${edge}/health`);
      expect(res.status).toBe(200);
      ids.add(res.headers.get('x-request-id') ?? '');
    }
    expect(ids.size).toBe(6);
    expect([...ids].every((id) => id.length > 0)).toBe(true);
    for (const url of gatewayUrls) {
      expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/http_requests_total\{method="GET",route="\/health",status="200"[^}]*\} [1-9]/);
    }
  });

  it('when /metrics is asked through nginx, in any spelling the gateway would also match, then nginx answers 404 and the metrics stay private', async () => {
    for (const path of ['/metrics', '/metrics/', '/METRICS', '/Metrics?x=1', '/%6detrics', '//metrics', '/api/../metrics']) {
      const res = await requestFrom(edge, { path });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.body).not.toContain('http_requests_total');
    }
    // The gateway behind it still serves its own to operator addresses.
    expect((await fetch(`${gatewayUrls[0]}/metrics`)).status).toBe(200);
  });

  it('when a 20 MB upload goes through nginx and the gateway, then it arrives whole (request buffering off, 100 MB limit)', async () => {
    const token = (await registerUser(edge, '203.0.113.51')).access_token;
    const body = new Uint8Array(20 * MB).fill(0x62);
    const res = await fetch(`${edge}/api/videos/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { body_bytes: number }).body_bytes).toBe(20 * MB);

    const tooBig = await fetch(`${edge}/api/videos/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'content-length': String(101 * MB) },
      body: new Uint8Array(101 * MB),
    }).catch((error: unknown) => error);
    // nginx refuses with 413 before reading the body (the client may see the reset instead).
    if (tooBig instanceof Response) expect(tooBig.status).toBe(413);
  }, 30_000);
});
