import { createLogger, createMetricsRegistry, Lifecycle } from '@marquee/core';
import { checkRedis, closeRedis, createRedis } from '@marquee/cache';
import { createTokenVerifier, listen } from '@marquee/http';
import { loadGatewayConfig } from './config';
import { OpenApiAggregator, type OpenApiDocument } from './docs/openapi-aggregator';
import { createGatewayApp } from './http/gateway-app';
import { closeUpstreams, createUpstreams } from './proxy/upstream-client';
import { RequestGate } from './rate-limit/request-gate';
import { createRouteMatcher } from './routes/route-matcher';
import { ROUTES } from './routes/route-table';

const VERSION = process.env.npm_package_version ?? '0.0.0';

/** The gateway's own part of the merged document. */
function baseDocument(): OpenApiDocument {
  const system = { tags: ['gateway'], security: [] };
  const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Marquee API',
      version: VERSION,
      description: 'Every public operation of the Marquee platform, merged from each service\'s own document by the gateway.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    tags: [{ name: 'gateway', description: 'Health, readiness, metrics and this document' }],
    paths: {
      '/health': { get: { ...system, summary: 'The gateway is alive', responses: { 200: json('Alive') } } },
      '/api/system/health': { get: { ...system, summary: 'The gateway is alive (alias)', responses: { 200: json('Alive') } } },
      '/ready': { get: { ...system, summary: 'The gateway can serve; lists each upstream\'s readiness and circuit state', responses: { 200: json('Ready'), 503: json('Redis unreachable or stopping') } } },
      '/metrics': {
        get: {
          ...system,
          summary: 'Prometheus metrics, for operator addresses only (METRICS_ALLOW); not routed by nginx',
          responses: { 200: { description: 'Prometheus text format' }, 403: json('Not an operator address') },
        },
      },
      '/api/openapi.json': { get: { ...system, summary: 'This document', responses: { 200: json('OpenAPI 3.1') } } },
    },
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
  };
}

/**
 * The composition root: config → Redis, token verifier, upstreams (one breaker each), rate
 * limits, merged docs → the Express app → the server. Tests call it with their own environment.
 */
export async function startGateway(env: Record<string, string | undefined> = process.env) {
  const config = loadGatewayConfig(env);
  const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL });
  const registry = createMetricsRegistry('gateway');
  const lifecycle = new Lifecycle(logger);
  try {
    const redis = createRedis({ url: config.REDIS_URL, logger, name: 'gateway', autoPipelining: true });
    lifecycle.onStop('redis', () => closeRedis(redis));
    const verifier = createTokenVerifier({
      jwksUrl: config.JWKS_URL,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      logger,
      // Revoked sessions are checked by the request gate, in the same Redis call as the rate limit.
    });
    const upstreams = createUpstreams(config, registry, logger);
    lifecycle.onStop('upstreams', () => closeUpstreams(upstreams));
    const match = createRouteMatcher(ROUTES);
    const docs = new OpenApiAggregator({
      upstreams: [...upstreams.values()],
      base: baseDocument(),
      match,
      logger,
      refreshMs: config.OPENAPI_REFRESH_MS,
      retryMinMs: config.OPENAPI_RETRY_MIN_MS,
      retryMaxMs: config.OPENAPI_RETRY_MAX_MS,
    });
    await docs.start();
    lifecycle.onStop('openapi refresh', () => docs.stop());
    // A service coming back may have been redeployed with new routes.
    for (const upstream of upstreams.values()) {
      upstream.breaker.onStateChange((state) => {
        if (state === 'closed') void docs.refresh(upstream.name);
      });
    }

    const app = createGatewayApp({
      config,
      logger,
      registry,
      verifier,
      match,
      upstreams,
      gate: new RequestGate(redis, config, registry, logger),
      docs,
      isRedisReady: () => checkRedis(redis),
      isDraining: () => lifecycle.isStopping,
      version: VERSION,
    });
    const served = await listen(app, { port: config.PORT, host: config.HOST, logger, lifecycle });
    return { config, logger, registry, lifecycle, upstreams, docs, ...served, stop: () => lifecycle.stop(config.SHUTDOWN_TIMEOUT_MS) };
  } catch (error) {
    await lifecycle.stop(config.SHUTDOWN_TIMEOUT_MS);
    throw error;
  }
}

export type GatewayHandle = Awaited<ReturnType<typeof startGateway>>;
