import { z } from 'zod';
import { SERVICE_PORTS } from '@marquee/contracts';
import { baseConfigSchema, booleanVar, loadConfig, serviceEnv, urlVar } from '@marquee/core';
import { UPSTREAMS, type Upstream } from './routes/route-table';

/**
 * Where each service listens on a developer machine: the port its package.json declares
 * (`marquee.port`, read for us into SERVICE_PORTS by scripts/service-ports.mjs, since the gateway
 * may not import apps). An upstream no app declares yet gets 0, a port nothing can listen on, so
 * its routes answer 503 until the service exists or its `<NAME>_URL` is set.
 */
export const DEFAULT_UPSTREAM_PORTS: Record<Upstream, number> = Object.fromEntries(
  UPSTREAMS.map((upstream) => [upstream, (SERVICE_PORTS as Partial<Record<string, number>>)[upstream] ?? 0]),
) as Record<Upstream, number>;

const upstreamUrlVar = (upstream: Upstream) => urlVar('http:', 'https:').default(`http://127.0.0.1:${DEFAULT_UPSTREAM_PORTS[upstream]}`);
const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const upstreamUrls = Object.fromEntries(UPSTREAMS.map((u) => [`${u.toUpperCase()}_URL`, upstreamUrlVar(u)])) as Record<
  `${Uppercase<Upstream>}_URL`,
  ReturnType<typeof upstreamUrlVar>
>;

export const gatewayConfigSchema = baseConfigSchema(SERVICE_PORTS.gateway)
  .omit({ DATABASE_URL: true, AMQP_URL: true, AMQP_EXCHANGE: true, AMQP_PREFIX: true, AMQP_PREFETCH: true, BODY_LIMIT: true })
  .extend({
    ...upstreamUrls,
    // Whose X-Forwarded-For is believed (nginx's address) and who may read /metrics are the base
    // config's TRUSTED_PROXIES and METRICS_ALLOW.
    /** Comma-separated origins allowed by CORS (`*` for any, without credentials). */
    CORS_ORIGINS: z.string().default('http://localhost:3001,http://localhost:5173,http://127.0.0.1:5173'),
    RATE_LIMIT_WINDOW_SEC: positiveInt(60),
    RATE_LIMIT_AUTH: positiveInt(5),
    RATE_LIMIT_SEARCH: positiveInt(30),
    RATE_LIMIT_DEFAULT: positiveInt(100),
    /** Redis key prefix of the shared counters (all gateway replicas must use the same). */
    RATE_LIMIT_PREFIX: z.string().default('rl:'),
    /**
     * Time to the upstream's response headers for ordinary routes, counted from the whole request
     * having arrived (a slow client's body is its own wait, up to UPLOAD_TIMEOUT_MS).
     */
    UPSTREAM_TIMEOUT_MS: positiveInt(10_000),
    /** The same for uploads and video streams (ARCHITECTURE.md: 300 s at nginx). */
    UPLOAD_TIMEOUT_MS: positiveInt(300_000),
    BREAKER_ERROR_PERCENT: z.coerce.number().min(1).max(100).default(50),
    BREAKER_VOLUME_THRESHOLD: positiveInt(5),
    BREAKER_RESET_MS: positiveInt(10_000),
    /**
     * The rolling window the failure rate is judged over. It must hold several calls even when each
     * one takes the whole timeout, or a hanging upstream never reaches the volume threshold.
     */
    BREAKER_WINDOW_MS: positiveInt(30_000),
    /** Most connections open to one upstream (kept alive and reused). */
    UPSTREAM_MAX_CONNECTIONS: positiveInt(128),
    /** How often the merged OpenAPI document re-reads every service's (new routes after a redeploy). */
    OPENAPI_REFRESH_MS: positiveInt(15_000),
    /** A document not read yet (its service still boots) is tried again after this, doubling… */
    OPENAPI_RETRY_MIN_MS: positiveInt(250),
    /** …up to this, until it answers. */
    OPENAPI_RETRY_MAX_MS: positiveInt(1_000),
    /** Each upstream's /ready is asked with this timeout when the gateway's /ready is read. */
    READY_PROBE_TIMEOUT_MS: positiveInt(1_000),
    /** Serve Swagger UI at /api/docs. */
    DOCS_ENABLED: booleanVar.default(true),
  })
  .refine((c) => c.BREAKER_WINDOW_MS >= 3 * c.UPSTREAM_TIMEOUT_MS, {
    path: ['BREAKER_WINDOW_MS'],
    message: 'must be at least 3 × UPSTREAM_TIMEOUT_MS, so a hanging upstream can open its breaker',
  });

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

/** Reads and checks the environment; `GATEWAY_PORT`, `GATEWAY_REDIS_URL`, … win over the plain names. */
export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  return loadConfig('gateway', gatewayConfigSchema, serviceEnv('gateway', env));
}

export function upstreamUrl(config: GatewayConfig, upstream: Upstream): string {
  return config[`${upstream.toUpperCase() as Uppercase<Upstream>}_URL`];
}
