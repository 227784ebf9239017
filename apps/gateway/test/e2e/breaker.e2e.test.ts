import { waitUntil } from '@marquee/testing';
import { startEchoUpstreams, startGatewayProcess } from '../support/gateway-stack';
import type { NodeProcess } from '../support/processes';

const TIMEOUT_MS = 1_000;

async function timed(url: string): Promise<{ status: number; ms: number; headers: Headers; body: Record<string, unknown> }> {
  const started = performance.now();
  const res = await fetch(url);
  const body = (await res.json()) as Record<string, unknown>;
  return { status: res.status, ms: performance.now() - started, headers: res.headers, body };
}

describe('circuit breaker per upstream, with the upstream really killed and frozen', () => {
  let movies: NodeProcess;
  let reviews: NodeProcess;
  let gateway: NodeProcess;
  let base: string;

  const circuit = async (name: string) => ((await (await fetch(`${base}/ready`)).json()) as { upstreams: Record<string, { circuit: string; ready: string }> }).upstreams[name]!;

  beforeAll(async () => {
    const m = await startEchoUpstreams(['movies']);
    const r = await startEchoUpstreams(['reviews']);
    movies = m.process;
    reviews = r.process;
    const started = await startGatewayProcess({
      ...m.urls,
      ...r.urls,
      UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
      BREAKER_VOLUME_THRESHOLD: '3',
      BREAKER_RESET_MS: '1000',
      // Short, so what earlier tests left in the window (refused calls count as calls) rolls out quickly.
      BREAKER_WINDOW_MS: '5000',
      RATE_LIMIT_DEFAULT: '100000',
    });
    gateway = started.process;
    base = started.url;
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await movies?.stop();
    await reviews?.stop();
  });

  it('when the upstream answers 4xx or its own 503, then the breaker stays closed', async () => {
    for (let i = 0; i < 8; i++) expect((await timed(`${base}/api/movies/popular?status=404`)).status).toBe(404);
    for (let i = 0; i < 8; i++) expect((await timed(`${base}/api/movies/popular?status=503`)).status).toBe(503);
    expect((await circuit('movies')).circuit).toBe('closed');
  });

  it('when the upstream is killed, then 503 UPSTREAM_UNAVAILABLE comes at once, the breaker opens, other upstreams are untouched, and it recovers by itself after a restart', async () => {
    await movies.kill();
    // Failures must outweigh the successes still in the rolling window before it opens.
    const answers = [];
    for (let i = 0; i < 40 && (await circuit('movies')).circuit === 'closed'; i++) answers.push(await timed(`${base}/api/movies/popular`));
    answers.push(await timed(`${base}/api/movies/popular`));
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 503 });
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(answer.ms).toBeLessThan(TIMEOUT_MS / 2);
      expect(JSON.stringify(answer.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
    }
    expect(await circuit('movies')).toEqual({ circuit: 'open', ready: 'unreachable' });
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    expect((await timed(`${base}/api/reviews`)).status).toBe(200);

    await movies.start();
    await waitUntil(async () => (await timed(`${base}/api/movies/popular`)).status === 200, { timeoutMs: 10_000, message: 'movies back through the gateway' });
    expect((await circuit('movies')).circuit).toBe('closed');
  }, 30_000);

  it('when the upstream hangs, then calls time out at the route timeout, the breaker opens, and later calls fail fast until it answers again', async () => {
    movies.pause();
    try {
      // (The gateway's /ready is not asked in this loop: it would wait on the frozen upstream too.)
      const answers = [];
      for (let i = 0; i < 10; i++) {
        const answer = await timed(`${base}/api/movies/popular`);
        answers.push(answer);
        if (answer.status === 503) break;
      }
      const timeouts = answers.slice(0, -1);
      const fast = answers.at(-1)!;
      expect(timeouts.length).toBeGreaterThanOrEqual(3);
      for (const answer of timeouts) {
        expect(answer.status).toBe(504);
        expect(answer.body).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
        expect(answer.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
        expect(answer.ms).toBeLessThan(TIMEOUT_MS * 2);
      }
      expect(fast.status).toBe(503);
      expect(fast.body).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      expect(fast.ms).toBeLessThan(100);
      expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/circuit_breaker_state\{breaker="movies",service="gateway"\} 2/);
    } finally {
      movies.resume();
    }
    await waitUntil(async () => (await timed(`${base}/api/movies/popular`)).status === 200, { timeoutMs: 10_000, message: 'movies answering again' });
    expect((await circuit('movies')).circuit).toBe('closed');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/circuit_breaker_calls_total\{breaker="movies",outcome="rejected"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/circuit_breaker_calls_total\{breaker="movies",outcome="timeout"[^}]*\} [3-9]/);
  }, 30_000);
});
