import { Pool } from 'undici';
import type { Logger, Registry } from '@marquee/core';
import { createCircuitBreaker, type CircuitBreaker } from '@marquee/resilience';
import { upstreamUrl, type GatewayConfig } from '../config';
import { UPSTREAMS, type Upstream } from '../routes/route-table';
import { isUpstreamFailure } from './proxy-errors';

/** One service behind the gateway: where it is, a keep-alive connection pool, and its breaker. */
export interface UpstreamClient {
  name: Upstream;
  url: URL;
  pool: Pool;
  breaker: CircuitBreaker;
}

/**
 * Builds the upstreams once, at start (one long-lived breaker each; opossum#248). Connections are
 * undici pools: kept alive (closed before the service's own 65 s keep-alive ends, so a reused
 * socket is never one the service is closing), no pipelining, timeouts left to the breaker.
 */
export function createUpstreams(config: GatewayConfig, registry: Registry, logger: Logger): Map<Upstream, UpstreamClient> {
  const upstreams = new Map<Upstream, UpstreamClient>();
  for (const name of UPSTREAMS) {
    const url = new URL(upstreamUrl(config, name));
    const pool = new Pool(url.origin, {
      connections: config.UPSTREAM_MAX_CONNECTIONS,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 60_000,
      // The breaker times the wait for headers; a body may stream for as long as an upload may take.
      headersTimeout: 0,
      bodyTimeout: config.UPLOAD_TIMEOUT_MS,
    });
    const breaker = createCircuitBreaker({
      name,
      timeoutMs: config.UPSTREAM_TIMEOUT_MS,
      errorThresholdPercentage: config.BREAKER_ERROR_PERCENT,
      volumeThreshold: config.BREAKER_VOLUME_THRESHOLD,
      resetTimeoutMs: config.BREAKER_RESET_MS,
      rollingWindowMs: config.BREAKER_WINDOW_MS,
      isFailure: isUpstreamFailure,
      registry,
      logger,
    });
    upstreams.set(name, { name, url, pool, breaker });
  }
  return upstreams;
}

export async function closeUpstreams(upstreams: Map<Upstream, UpstreamClient>): Promise<void> {
  await Promise.all(
    [...upstreams.values()].map(async (upstream) => {
      upstream.breaker.shutdown();
      await upstream.pool.close();
    }),
  );
}
