import { startGatewayProcess } from '../support/gateway-stack';
import type { NodeProcess } from '../support/processes';
import { registerUser, UsersProcess } from '../support/users-process';

function login(base: string, ip: string, body: Record<string, string>) {
  return fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify(body) });
}

describe('gateway auth and rate limits, with the real users service and two gateway processes', () => {
  const users = new UsersProcess();
  const gateways: { process: NodeProcess; url: string }[] = [];
  let a: string;
  let b: string;

  beforeAll(async () => {
    await users.start();
    // Both gateways share one Redis prefix, as replicas do.
    const shared = { USERS_URL: users.url, JWKS_URL: users.jwksUrl, RATE_LIMIT_PREFIX: `gw-test-${process.pid}-${Date.now()}:`, RATE_LIMIT_DEFAULT: '20' };
    gateways.push(await startGatewayProcess(shared), await startGatewayProcess(shared));
    [a, b] = gateways.map((g) => g.url) as [string, string];
  }, 60_000);

  afterAll(async () => {
    for (const gateway of gateways) await gateway.process.stop();
    await users.stop();
  });

  it('when one IP logs in a 6th time within a minute, then 429 with Retry-After, while another IP still passes', async () => {
    const account = await registerUser(a, '198.51.100.1');
    const ip = '198.51.100.20';
    for (let i = 1; i <= 5; i++) {
      const res = await login(a, ip, { email: account.email, password: account.password });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('5');
      expect(res.headers.get('ratelimit-remaining')).toBe(String(5 - i));
    }
    const sixth = await login(a, ip, { email: account.email, password: account.password });
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await sixth.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });

    const other = await login(a, '198.51.100.21', { email: account.email, password: account.password });
    expect(other.status).toBe(200);
  });

  it('when one IP spreads its logins over two gateway processes, then they share one count', async () => {
    const account = await registerUser(a, '198.51.100.2');
    const ip = '198.51.100.30';
    const statuses: number[] = [];
    for (const base of [a, b, a, b, a, b]) statuses.push((await login(base, ip, { email: account.email, password: account.password })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('when a signed-in user passes the default limit, then per user, not per address', async () => {
    const account = await registerUser(a, '198.51.100.3');
    const headers = (ip: string) => ({ authorization: `Bearer ${account.access_token}`, 'x-forwarded-for': ip });
    const statuses: number[] = [];
    // 20 a minute (RATE_LIMIT_DEFAULT in this test), from ever-changing addresses and both gateways.
    for (let i = 0; i < 21; i++) statuses.push((await fetch(`${i % 2 ? a : b}/api/profile`, { headers: headers(`198.51.101.${i}`) })).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('when a real token is used, then it passes; after logout the gateway itself refuses it (revoked session in Redis)', async () => {
    const account = await registerUser(a, '198.51.100.4');
    const auth = { authorization: `Bearer ${account.access_token}`, 'x-forwarded-for': '198.51.100.4' };
    const profile = await fetch(`${a}/api/profile`, { headers: auth });
    expect(profile.status).toBe(200);
    expect(((await profile.json()) as { user: { id: string } }).user.id).toBe(account.user.id);

    // The tickets service is not running in this test: a token the gateway accepts gets 503 from
    // its breaker; a token it refuses gets 401 before any upstream is tried.
    expect((await fetch(`${a}/api/tickets`, { headers: auth })).status).toBe(503);
    expect((await fetch(`${b}/api/auth/logout`, { method: 'POST', headers: auth })).status).toBe(204);
    const refused = await fetch(`${a}/api/tickets`, { headers: auth });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ status: 401 });
    expect((await fetch(`${a}/api/profile`, { headers: auth })).status).toBe(401);
  });

  it('the users service sees the client address the gateway resolved (one trusted hop), not what the client wrote', async () => {
    const account = await registerUser(a, '198.51.100.5');
    // A client that forges a chain: nginx would append the real address last, which is what counts.
    const res = await login(a, '10.9.9.9, 198.51.100.55', { email: account.email, password: account.password });
    expect(res.status).toBe(200);
    const sessions = await fetch(`${a}/api/auth/sessions`, { headers: { authorization: `Bearer ${((await res.json()) as { access_token: string }).access_token}`, 'x-forwarded-for': '198.51.100.55' } });
    const body = (await sessions.json()) as { items: { ip: string }[] };
    expect(body.items.map((s) => s.ip)).toContain('198.51.100.55');
    expect(body.items.map((s) => s.ip)).not.toContain('10.9.9.9');
  });
});
