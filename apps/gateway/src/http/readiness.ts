import { httpGet } from '@marquee/core';
import type { RequestHandler } from 'express';
import type { CircuitState } from '@marquee/resilience';
import type { OpenApiAggregator } from '../docs/openapi-aggregator';
import type { UpstreamClient } from '../proxy/upstream-client';
import type { Upstream } from '../routes/route-table';

type UpstreamReadiness = 'ready' | 'unready' | 'unreachable';

async function probe(upstream: UpstreamClient, timeoutMs: number): Promise<UpstreamReadiness> {
  try {
    // Not fetch: it refuses some ports outright (payments' 6000 among them; see httpGet).
    const { status } = await httpGet(new URL('/ready', upstream.url), { signal: AbortSignal.timeout(timeoutMs) });
    return status >= 200 && status < 300 ? 'ready' : 'unready';
  } catch {
    return 'unreachable';
  }
}

export interface ReadinessOptions {
  upstreams: Map<Upstream, UpstreamClient>;
  isRedisReady: () => Promise<void>;
  isDraining: () => boolean;
  probeTimeoutMs: number;
  docs: OpenApiAggregator;
}

/**
 * `GET /ready`: 200 while the gateway itself can serve, which needs only its Redis (rate limits,
 * revoked sessions). Each upstream's readiness and breaker state are reported, never judged: a
 * down service is answered for by its breaker, and taking every gateway out of rotation would
 * turn one service's outage into a full one (API.md).
 */
export function readinessHandler(options: ReadinessOptions): RequestHandler {
  return async (_req, res) => {
    const [redis, upstreams] = await Promise.all([
      options.isRedisReady().then(
        () => 'ok' as const,
        () => 'failed' as const,
      ),
      Promise.all(
        [...options.upstreams.values()].map(async (u) => [u.name, { ready: await probe(u, options.probeTimeoutMs), circuit: u.breaker.state() as CircuitState }] as const),
      ),
    ]);
    const draining = options.isDraining();
    const status = draining ? 'draining' : redis === 'ok' ? 'ready' : 'unready';
    res.status(status === 'ready' ? 200 : 503).json({
      status,
      checks: { redis },
      ...(redis === 'ok' ? {} : { failing: ['redis'] }),
      upstreams: Object.fromEntries(upstreams),
      openapi: options.docs.status(),
    });
  };
}
