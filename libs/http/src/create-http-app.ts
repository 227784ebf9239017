import express, { type Application } from 'express';
import helmet from 'helmet';
import { z } from 'zod';
import type { Logger, Registry } from '@marquee/core';
import { accessLog } from './access-log.middleware';
import { allowSources, trustProxyFunction } from './client-address';
import { createApiRouter, type ApiRouter } from './api-router';
import { errorHandler, notFoundHandler } from './error-handler';
import { httpMetrics } from './http-metrics.middleware';
import { createOpenApiRegistry, generateOpenApiDocument, type OpenAPIObject, type OpenAPIRegistry } from './openapi';
import { healthHandler, metricsHandler, readinessHandler, type ReadinessCheck } from './probes';
import { requestContext } from './request-context.middleware';
import { rejectUnsafeText } from './safe-text';
import type { TokenVerifier } from './token-verifier';

export interface HttpAppOptions {
  /** Service name: in `/health`, the OpenAPI title and (through the logger) every log line. */
  service: string;
  version: string;
  logger: Logger;
  /** Prometheus registry the HTTP metrics are added to and `/metrics` serves. */
  registry: Registry;
  /** Largest JSON or form body, in body-parser syntax; default `1mb`. */
  bodyLimit?: string | number;
  /**
   * Whose `X-Forwarded-For` is believed: a list of proxy addresses (`TRUSTED_PROXIES`, e.g.
   * `loopback, 10.0.0.5`) or a predicate. Default: nobody. Never `true` or a hop count, which
   * would let any client that reaches the port directly choose its own IP.
   */
  trustProxy?: string | ((address: string, hop: number) => boolean) | false;
  /** Socket addresses allowed to read `/metrics` (`METRICS_ALLOW`); default `loopback, private`. */
  metricsAllow?: string;
  /** Checks behind `/ready`, e.g. `{ postgres: () => pool.query('select 1') }`. */
  readiness: Record<string, ReadinessCheck>;
  /** Timeout of each readiness check; default 2 s. */
  readinessTimeoutMs?: number;
  /** When it returns true (shutdown under way) `/ready` answers 503 so load balancers move on. */
  isDraining?: () => boolean;
  /** Verifies bearer tokens for routes that are not `public`. */
  auth?: TokenVerifier;
  /** Longer text for the OpenAPI `info.description`. */
  description?: string;
  /** Declares the service's routes. */
  configure: (router: ApiRouter) => void;
}

export interface HttpApp {
  app: Application;
  /** The service's OpenAPI 3.1 document (built once, on first use). */
  openapi: () => OpenAPIObject;
}

const JSON_TYPES = ['application/json', 'application/*+json'];

function documentSystemRoutes(registry: OpenAPIRegistry): void {
  const system = { tags: ['system'], security: [] };
  registry.registerPath({
    ...system,
    method: 'get',
    path: '/health',
    summary: 'The process is alive',
    responses: {
      200: {
        description: 'Alive',
        content: {
          'application/json': {
            schema: z.object({ status: z.literal('healthy'), service: z.string(), version: z.string(), timestamp: z.string() }),
          },
        },
      },
    },
  });
  const readiness = z.object({
    status: z.enum(['ready', 'unready', 'draining']),
    checks: z.record(z.string(), z.enum(['ok', 'failed', 'timeout'])),
    failing: z.array(z.string()).optional(),
  });
  registry.registerPath({
    ...system,
    method: 'get',
    path: '/ready',
    summary: 'Every dependency is reachable',
    responses: {
      200: { description: 'Ready', content: { 'application/json': { schema: readiness } } },
      503: { description: 'A dependency is not reachable (named in `failing`) or the service is stopping', content: { 'application/json': { schema: readiness } } },
    },
  });
  registry.registerPath({
    ...system,
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics',
    responses: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } } },
  });
  registry.registerPath({
    ...system,
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: z.object({}).loose() } } } },
  });
}

/**
 * The Express 5 app every Marquee service serves. In order: request and correlation ids (and the
 * request context for logs), helmet, metrics, the access log, JSON and form bodies, a 400 for
 * text PostgreSQL cannot store (NUL, lone surrogates) in the path, query or body, `/health`,
 * `/ready`, `/metrics`, `/openapi.json`, the service's routes, a 404 problem for anything else,
 * and one error handler that answers problem+json.
 */
export function createHttpApp(options: HttpAppOptions): HttpApp {
  const { service, version, logger, registry, bodyLimit = '1mb', trustProxy = false } = options;
  if (typeof trustProxy !== 'string' && typeof trustProxy !== 'function' && trustProxy !== false) {
    throw new Error('createHttpApp: trustProxy must be proxy addresses or a predicate, never true or a hop count');
  }

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy === false ? false : trustProxyFunction(trustProxy));

  app.use(requestContext());
  app.use(helmet());
  app.use(httpMetrics(registry));
  app.use(accessLog(logger));
  app.use(express.json({ limit: bodyLimit, type: JSON_TYPES }));
  app.use(express.urlencoded({ limit: bodyLimit, extended: false }));
  app.use(rejectUnsafeText());

  const openapiRegistry = createOpenApiRegistry();
  documentSystemRoutes(openapiRegistry.registry);
  let document: OpenAPIObject | undefined;
  const openapi = () => (document ??= generateOpenApiDocument(openapiRegistry.registry, { service, version, description: options.description }));

  app.get('/health', healthHandler(service, version));
  app.get(
    '/ready',
    readinessHandler(options.readiness, { timeoutMs: options.readinessTimeoutMs ?? 2_000, logger, isDraining: options.isDraining }),
  );
  app.get('/metrics', allowSources(options.metricsAllow ?? 'loopback, private', 'Metrics'), metricsHandler(registry));
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi());
  });

  const router = createApiRouter({ openapi: openapiRegistry, verifier: options.auth });
  options.configure(router);
  app.use(router.express);

  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return { app, openapi };
}
