import net from 'node:net';
import { waitUntil } from '@marquee/testing';
import { startEchoUpstreams, startGatewayProcess } from '../support/gateway-stack';
import type { NodeProcess } from '../support/processes';

const TIMEOUT_MS = 1_000;
const BODY_WAIT_MS = 2_000;

interface Answer {
  status: number;
  ms: number;
  type: string;
  body: string;
}

/**
 * What one client can and cannot do to a breaker (docs/adr/0004-breaker-policy.md): answers the
 * service composed itself, whatever their status, and a client's own slowness never count; a
 * service that is not there still opens its breaker. (A killed and a frozen service are in
 * breaker.e2e.test.ts.)
 */
describe('breaker policy: one client cannot open a breaker for everybody', () => {
  const processes: NodeProcess[] = [];
  let users: NodeProcess;
  let gateway: NodeProcess;
  let base: string;

  const circuit = async (name: string) => ((await (await fetch(`${base}/ready`)).json()) as { upstreams: Record<string, { circuit: string }> }).upstreams[name]!.circuit;

  async function call(path: string, client: string, init: RequestInit = {}): Promise<Answer> {
    const started = performance.now();
    const res = await fetch(`${base}${path}`, { ...init, headers: { 'x-forwarded-for': client, ...(init.headers as Record<string, string>) } });
    const body = await res.text();
    return { status: res.status, ms: performance.now() - started, type: res.headers.get('content-type') ?? '', body };
  }

  const login = (client: string) => call('/api/auth/login', client, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"a@example.com","password":"secret-123"}' });

  /** A login whose body stops halfway: the client promised 40 bytes and sends 9. */
  function slowLogin(): Promise<{ head: string; body: string }> {
    const { port, hostname } = new URL(base);
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => {
        socket.write('POST /api/auth/login HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"email":');
      });
      let raw = '';
      socket.on('data', (chunk: Buffer) => void (raw += chunk.toString()));
      socket.on('close', () => resolve({ head: raw.split('\r\n')[0] ?? '', body: raw.slice(raw.indexOf('\r\n\r\n') + 4) }));
      socket.on('error', reject);
    });
  }

  beforeAll(async () => {
    const started = await Promise.all([startEchoUpstreams(['movies']), startEchoUpstreams(['reviews']), startEchoUpstreams(['users'])]);
    processes.push(...started.map((s) => s.process));
    users = started[2].process;
    const gw = await startGatewayProcess({
      ...Object.assign({}, ...started.map((s) => s.urls)),
      UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
      UPLOAD_TIMEOUT_MS: String(BODY_WAIT_MS),
      BREAKER_VOLUME_THRESHOLD: '3',
      BREAKER_RESET_MS: '1000',
      BREAKER_WINDOW_MS: '5000',
      RATE_LIMIT_DEFAULT: '100000',
      RATE_LIMIT_SEARCH: '100000',
      RATE_LIMIT_AUTH: '100000',
    });
    gateway = gw.process;
    base = gw.url;
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    for (const process of processes) await process.stop();
  });

  it('when one client makes the service answer 500 twenty times, then each 500 is relayed and counted for alerting, and the breaker stays closed for another client', async () => {
    for (let i = 0; i < 20; i++) {
      const answer = await call(`/api/movies/search?q=a%00${i}&status=500`, '198.51.100.10');
      expect(answer.status).toBe(500);
      expect(JSON.parse(answer.body)).toMatchObject({ service: 'movies' });
    }
    expect(await circuit('movies')).toBe('closed');
    const other = await call('/api/movies/popular', '198.51.100.11');
    expect(other.status).toBe(200);
    expect(JSON.parse(other.body)).toMatchObject({ service: 'movies' });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/gateway_upstream_server_errors_total\{upstream="movies",status="500"[^}]*\} 20\b/);
    expect(metrics).not.toMatch(/circuit_breaker_calls_total\{breaker="movies",outcome="failure"/);
  });

  it('when the service itself answers 502, 503 or 504 as problem+json (one of its own dependencies is down), then they are relayed and the breaker stays closed', async () => {
    for (const status of [502, 503, 504]) {
      for (let i = 0; i < 7; i++) {
        const answer = await call(`/api/movies/popular?status=${status}&type=application/problem%2Bjson`, '198.51.100.12');
        expect(answer.status).toBe(status);
        expect(answer.type).toBe('application/problem+json');
        expect(JSON.parse(answer.body)).toMatchObject({ service: 'movies' });
      }
    }
    expect(await circuit('movies')).toBe('closed');
    expect((await call('/api/movies/popular', '198.51.100.13')).status).toBe(200);
  });

  it('when what stands in for a missing service answers 503 (plain text, not the service), then the breaker opens, later calls fail fast, and it closes again once the service is back', async () => {
    const answers: Answer[] = [];
    for (let i = 0; i < 10; i++) {
      const answer = await call('/api/reviews?status=503&type=text/plain', '198.51.100.20');
      answers.push(answer);
      if (answer.type.startsWith('application/problem+json')) break;
    }
    const relayed = answers.slice(0, -1);
    const refused = answers.at(-1)!;
    expect(relayed.length).toBeGreaterThanOrEqual(3);
    for (const answer of relayed) expect(answer).toMatchObject({ status: 503, body: 'no healthy upstream' });
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(refused.ms).toBeLessThan(100);
    expect(await circuit('reviews')).toBe('open');

    await waitUntil(async () => (await call('/api/reviews', '198.51.100.21')).status === 200, { timeoutMs: 10_000, message: 'reviews back through the gateway' });
    expect(await circuit('reviews')).toBe('closed');
  }, 30_000);

  it('when one client sends request bodies too slowly, then it gets 408 naming the body, and the breaker stays closed for everybody else', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => slowLogin()));
    for (const answer of answers) {
      expect(answer.head).toMatch(/^HTTP\/1\.1 408/);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 408, errors: [{ field: 'body' }] });
    }
    expect(await circuit('users')).toBe('closed');
    expect((await login('198.51.100.31')).status).toBe(200);
  }, 30_000);

  it('when the upstream hangs on requests whose body has arrived, then they time out at the route timeout and the breaker opens', async () => {
    users.pause();
    try {
      const answers: Answer[] = [];
      for (let i = 0; i < 10; i++) {
        const answer = await login('198.51.100.40');
        answers.push(answer);
        if (answer.status === 503) break;
      }
      const timeouts = answers.slice(0, -1);
      expect(timeouts.length).toBeGreaterThanOrEqual(3);
      for (const answer of timeouts) {
        expect(answer.status).toBe(504);
        expect(JSON.parse(answer.body)).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
        expect(answer.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
        expect(answer.ms).toBeLessThan(TIMEOUT_MS * 2);
      }
      expect(answers.at(-1)).toMatchObject({ status: 503 });
      expect(answers.at(-1)!.ms).toBeLessThan(100);
    } finally {
      users.resume();
    }
    await waitUntil(async () => (await login('198.51.100.41')).status === 200, { timeoutMs: 10_000, message: 'users answering again' });
  }, 30_000);
});
