import cors from 'cors';
import express, { type Application, type RequestHandler } from 'express';
import helmet from 'helmet';
import { Counter, type Registry } from 'prom-client';
import { ErrorCode } from '@marquee/contracts';
import { AppError, type Logger } from '@marquee/core';
import {
  accessLog,
  authorize,
  errorHandler,
  healthHandler,
  httpMetrics,
  metricsHandler,
  notFoundHandler,
  requestContext,
  setRouteLabel,
  type TokenVerifier,
} from '@marquee/http';
import type { GatewayConfig } from '../config';
import type { OpenApiAggregator } from '../docs/openapi-aggregator';
import { swaggerUi } from '../docs/swagger-ui';
import { forward } from '../proxy/forward';
import { upstreamProblem } from '../proxy/proxy-errors';
import type { UpstreamClient } from '../proxy/upstream-client';
import type { RouteMatch } from '../routes/route-matcher';
import type { LimitClass, Upstream } from '../routes/route-table';
import { readinessHandler } from './readiness';

export interface GatewayAppDeps {
  config: GatewayConfig;
  logger: Logger;
  registry: Registry;
  verifier: TokenVerifier;
  match: (method: string, path: string) => RouteMatch;
  upstreams: Map<Upstream, UpstreamClient>;
  limits: Record<LimitClass, RequestHandler>;
  docs: OpenApiAggregator;
  isRedisReady: () => Promise<void>;
  isDraining: () => boolean;
  version: string;
}

function corsOptions(origins: string): cors.CorsOptions {
  const list = origins
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return {
    origin: list.includes('*') ? '*' : list,
    credentials: !list.includes('*'),
    exposedHeaders: ['X-Request-Id', 'X-Correlation-Id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After', 'Location'],
    maxAge: 600,
  };
}

/**
 * The gateway's Express app, in order: request ids, security headers, CORS, metrics, access log,
 * the gateway's own endpoints, then the proxy: match the route table → check the token → count
 * against the rate limit → forward through the upstream's breaker. Nothing parses a body, so
 * uploads stream straight through (http-proxy-middleware#320).
 */
export function createGatewayApp(deps: GatewayAppDeps): Application {
  const { config, logger, registry, verifier, match, upstreams, limits, docs } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY === 0 ? false : config.TRUST_PROXY);

  const responses = new Counter({
    name: 'gateway_upstream_responses_total',
    help: 'Answers relayed or produced per upstream, by status',
    labelNames: ['upstream', 'status'],
    registers: [registry],
  });

  app.use(requestContext());
  app.use(helmet());
  app.use(cors(corsOptions(config.CORS_ORIGINS)));
  app.use(httpMetrics(registry));
  app.use(accessLog(logger));

  const health = healthHandler('gateway', deps.version);
  app.get('/health', health);
  app.get('/api/system/health', health);
  app.get('/ready', readinessHandler({ upstreams, isRedisReady: deps.isRedisReady, isDraining: deps.isDraining, probeTimeoutMs: config.READY_PROBE_TIMEOUT_MS, docs }));
  app.get('/metrics', metricsHandler(registry));
  app.get('/api/openapi.json', (_req, res) => void res.json(docs.document()));
  if (config.DOCS_ENABLED) app.use('/api/docs', swaggerUi('/api/openapi.json'));

  app.use(async (req, res, next) => {
    const found = match(req.method, req.path);
    if (found.kind === 'none') return next();
    if (found.kind === 'method-not-allowed') {
      res.set('Allow', found.allow.join(', '));
      return next(new AppError(ErrorCode.METHOD_NOT_ALLOWED, `${req.method} is not allowed here; use ${found.allow.join(', ')}`, { status: 405 }));
    }
    const { rule } = found;
    setRouteLabel(res, rule.path);
    try {
      if (rule.access === 'user') {
        await authorize(req, verifier, 'user');
      } else if (req.headers.authorization) {
        // Identifies the caller for per-user limits; whether a bad token matters here is the
        // service's call (its "optional" routes refuse one, its public ones ignore it).
        await authorize(req, verifier, 'optional').catch(() => undefined);
      }
    } catch (error) {
      return next(error);
    }
    const upstream = upstreams.get(rule.upstream)!;
    limits[rule.limit](req, res, (limited?: unknown) => {
      if (limited) return next(limited);
      res.once('finish', () => responses.inc({ upstream: rule.upstream, status: String(res.statusCode) }));
      const timeoutMs = rule.timeout === 'normal' ? config.UPSTREAM_TIMEOUT_MS : config.UPLOAD_TIMEOUT_MS;
      forward(req, res, upstream, { timeoutMs }).catch((error: unknown) => {
        if (res.headersSent || res.destroyed) {
          res.destroy();
          return;
        }
        const problem = upstreamProblem(rule.upstream, error);
        logger.warn('upstream call failed', { upstream: rule.upstream, route: rule.path, code: problem.code, reason: error instanceof Error ? error.message : String(error) });
        next(problem);
      });
    });
  });

  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return app;
}
