import http from 'node:http';
import https from 'node:https';
import type { Logger, Registry } from '@marquee/core';
import { createCircuitBreaker, type CircuitBreaker } from '@marquee/resilience';
import { upstreamUrl, type GatewayConfig } from '../config';
import { UPSTREAMS, type Upstream } from '../routes/route-table';
import { isUpstreamFailure } from './proxy-errors';

/** One service behind the gateway: where it is, a keep-alive connection pool, and its breaker. */
export interface UpstreamClient {
  name: Upstream;
  url: URL;
  agent: http.Agent;
  breaker: CircuitBreaker;
}

/**
 * Builds the upstreams once, at start (one long-lived breaker each; opossum#248). Sockets are
 * kept alive and reused most-recently-first, so a quiet upstream's idle sockets expire instead
 * of being kept warm in rotation.
 */
export function createUpstreams(config: GatewayConfig, registry: Registry, logger: Logger): Map<Upstream, UpstreamClient> {
  const upstreams = new Map<Upstream, UpstreamClient>();
  for (const name of UPSTREAMS) {
    const url = new URL(upstreamUrl(config, name));
    const Agent = url.protocol === 'https:' ? https.Agent : http.Agent;
    const agent = new Agent({ keepAlive: true, maxFreeSockets: config.UPSTREAM_MAX_FREE_SOCKETS, scheduling: 'lifo' });
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
    upstreams.set(name, { name, url, agent, breaker });
  }
  return upstreams;
}

export function closeUpstreams(upstreams: Map<Upstream, UpstreamClient>): void {
  for (const upstream of upstreams.values()) {
    upstream.breaker.shutdown();
    upstream.agent.destroy();
  }
}
