import { setTimeout as delay } from 'node:timers/promises';
import { ROUTES, type Upstream } from '../../src/routes/route-table';
import { reserveUpstreams, startEchoUpstreams, startGatewayProcess } from '../support/gateway-stack';
import type { NodeProcess } from '../support/processes';

interface Doc {
  info: { 'x-services': Record<string, string> };
  paths: Record<string, Record<string, unknown>>;
}

/** Every operation the gateway routes to `services`, as `GET /api/movies`. */
const routedTo = (services: readonly Upstream[]) => ROUTES.filter((r) => services.includes(r.upstream)).flatMap((r) => r.methods.map((m) => `${m} ${r.path}`));
const operations = (doc: Doc) => new Set(Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`)));

/**
 * After `npm start` the gateway is up before the services: their documents must join the merged
 * one as soon as each service answers, not at the next periodic refresh (15 s by default).
 */
describe('merged OpenAPI while services are still booting', () => {
  const processes: NodeProcess[] = [];
  afterEach(async () => {
    for (const process of processes.splice(0).reverse()) await process.stop();
  });

  async function gatewayBefore(services: readonly Upstream[], env: Record<string, string> = {}) {
    const reserved = await reserveUpstreams(services);
    const gateway = await startGatewayProcess({ ...reserved.urls, ...env });
    processes.push(gateway.process);
    const status = async () => ((await (await fetch(`${gateway.url}/ready`)).json()) as { openapi: Record<string, string> }).openapi;
    return { reserved, base: gateway.url, status };
  }

  async function startLater(services: Upstream[], reserved: { ports: Record<string, number> }, env: Record<string, string> = {}): Promise<number> {
    const echo = await startEchoUpstreams(services, { reserved, env });
    processes.push(echo.process);
    return performance.now();
  }

  it('when services come up seconds after the gateway, then each document is retried in the background and merged within about a second of the last one being ready', async () => {
    const services: Upstream[] = ['movies', 'reviews', 'showtimes'];
    const { reserved, base, status } = await gatewayBefore(services);
    expect(await status()).toMatchObject({ movies: 'missing', reviews: 'missing', showtimes: 'missing' });

    await delay(1_500);
    await startLater(['movies'], reserved);
    await delay(1_500);
    // These listen at once but answer 503 for their first second and a half, as a booting service.
    const lastReady = await startLater(['reviews', 'showtimes'], reserved, { ECHO_BOOT_MS: '1500' });

    // /ready reports the merge without asking the services: this is the background retry alone.
    let loadedAt = Number.POSITIVE_INFINITY;
    while (performance.now() - lastReady < 5_000) {
      const now = await status();
      if (services.every((s) => now[s] === 'loaded')) {
        loadedAt = performance.now();
        break;
      }
      await delay(20);
    }
    // Retries are at most OPENAPI_RETRY_MAX_MS (1 s) apart.
    expect(loadedAt - lastReady).toBeLessThan(1_500);
    const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as Doc;
    expect(doc.info['x-services']).toMatchObject({ movies: 'loaded', reviews: 'loaded', showtimes: 'loaded' });
    const merged = operations(doc);
    expect(routedTo(services).filter((op) => !merged.has(op))).toEqual([]);
  }, 60_000);

  it('when the merged document is requested and a service has come up since, then it is read again at once and the answer is complete', async () => {
    // Background retries out of the way: only the request itself can bring the document in.
    const { reserved, base, status } = await gatewayBefore(['movies', 'events'], { OPENAPI_RETRY_MIN_MS: '600000', OPENAPI_RETRY_MAX_MS: '600000' });
    const first = (await (await fetch(`${base}/api/openapi.json`)).json()) as Doc;
    expect(first.info['x-services']).toMatchObject({ movies: 'missing', events: 'missing' });

    const ready = await startLater(['movies', 'events'], reserved);
    expect(await status()).toMatchObject({ movies: 'missing', events: 'missing' });
    const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as Doc;
    expect(performance.now() - ready).toBeLessThan(1_000);
    expect(doc.info['x-services']).toMatchObject({ movies: 'loaded', events: 'loaded' });
    const merged = operations(doc);
    expect(routedTo(['movies', 'events']).filter((op) => !merged.has(op))).toEqual([]);
  }, 60_000);
});
