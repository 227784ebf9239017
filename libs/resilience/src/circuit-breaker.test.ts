import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { CallTimeoutError, CircuitOpenError, createCircuitBreaker, type CircuitBreaker } from './circuit-breaker';

class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/** A real upstream whose behaviour the test switches: answer with a status, or hang. */
function upstream() {
  let mode: { status: number } | 'hang' = { status: 200 };
  let requests = 0;
  let aborted = 0;
  const server: Server = createServer((req, res) => {
    requests += 1;
    if (mode === 'hang') {
      req.on('close', () => void (aborted += 1));
      return;
    }
    res.writeHead(mode.status).end('ok');
  });
  return {
    server,
    set: (next: typeof mode) => void (mode = next),
    stats: () => ({ requests, aborted }),
    async start() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as AddressInfo).port;
    },
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function get(port: number, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', signal }, (res) => {
      res.resume();
      if ((res.statusCode ?? 0) >= 400) reject(new HttpStatusError(res.statusCode ?? 0));
      else resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('circuit breaker around a real HTTP upstream', () => {
  const server = upstream();
  let port: number;
  let breaker: CircuitBreaker;
  const registry = new Registry();
  const states: string[] = [];

  beforeAll(async () => {
    port = await server.start();
    breaker = createCircuitBreaker({
      name: 'things',
      timeoutMs: 150,
      volumeThreshold: 3,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 400,
      isFailure: (error) => !(error instanceof HttpStatusError && error.status < 500),
      registry,
    });
    breaker.onStateChange((s) => states.push(s));
  });
  afterAll(async () => {
    breaker.shutdown();
    await server.stop();
  });

  it('when calls succeed or the upstream answers 4xx, then the breaker stays closed', async () => {
    server.set({ status: 200 });
    await expect(breaker.run((signal) => get(port, signal))).resolves.toBe(200);
    server.set({ status: 404 });
    for (let i = 0; i < 5; i++) await expect(breaker.run((signal) => get(port, signal))).rejects.toBeInstanceOf(HttpStatusError);
    expect(breaker.state()).toBe('closed');
  });

  it('when the upstream hangs, then the call is aborted at the timeout and the request really closes', async () => {
    server.set('hang');
    const before = server.stats().aborted;
    const started = Date.now();
    await expect(breaker.run((signal) => get(port, signal))).rejects.toBeInstanceOf(CallTimeoutError);
    expect(Date.now() - started).toBeLessThan(1_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(server.stats().aborted).toBe(before + 1);
  });

  it('when failures pass the threshold, then it opens and refuses at once with a Retry-After, probes half-open, and closes on success', async () => {
    server.set({ status: 503 });
    for (let i = 0; i < 8 && breaker.state() === 'closed'; i++) await breaker.run((signal) => get(port, signal)).catch(() => undefined);
    expect(breaker.state()).toBe('open');

    const seen = server.stats().requests;
    const started = Date.now();
    const refused = await breaker.run((signal) => get(port, signal)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect((refused as CircuitOpenError).retryAfterSec).toBeGreaterThanOrEqual(1);
    expect(Date.now() - started).toBeLessThan(50);
    expect(server.stats().requests).toBe(seen);

    server.set({ status: 200 });
    await new Promise((r) => setTimeout(r, 450));
    expect(breaker.state()).toBe('half-open');
    await expect(breaker.run((signal) => get(port, signal))).resolves.toBe(200);
    expect(breaker.state()).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);

    const text = await registry.metrics();
    expect(text).toMatch(/circuit_breaker_state\{breaker="things"\} 0/);
    expect(text).toMatch(/circuit_breaker_calls_total\{breaker="things",outcome="rejected"\} 1/);
    expect(text).toMatch(/circuit_breaker_calls_total\{breaker="things",outcome="ignored"\} 5/);
    expect(text).toMatch(/circuit_breaker_calls_total\{breaker="things",outcome="timeout"\} 1/);
  });

  it('when the half-open probe fails, then it opens again', async () => {
    server.set({ status: 500 });
    for (let i = 0; i < 8 && breaker.state() === 'closed'; i++) await breaker.run((signal) => get(port, signal)).catch(() => undefined);
    expect(breaker.state()).toBe('open');
    await new Promise((r) => setTimeout(r, 450));
    await breaker.run((signal) => get(port, signal)).catch(() => undefined);
    expect(breaker.state()).toBe('open');
  });

  it('when the caller aborts, then the call rejects and it does not count as a failure', async () => {
    const own = createCircuitBreaker({ name: 'own', timeoutMs: 1_000, volumeThreshold: 1 });
    server.set('hang');
    const caller = new AbortController();
    const pending = own.run((signal) => get(port, signal), { signal: caller.signal });
    setTimeout(() => caller.abort(new Error('client left')), 20);
    await expect(pending).rejects.toThrow('client left');
    expect(own.state()).toBe('closed');
    own.shutdown();
  });
});
