import cors from 'cors';
import express, { type Application, type RequestHandler } from 'express';
import helmet from 'helmet';
import { Counter, type Registry } from 'prom-client';
import { ErrorCode } from '@marquee/contracts';
import { addressMatcher, AppError, type Logger } from '@marquee/core';
import {
  accessLog,
  allowSources,
  authorize,
  clientAddress,
  errorHandler,
  healthHandler,
  httpMetrics,
  metricsHandler,
  notFoundHandler,
  requestContext,
  setRouteLabel,
  type AuthUser,
  type TokenVerifier,
  trustProxyFunction,
} from '@marquee/http';
import type { GatewayConfig } from '../config';
import type { OpenApiAggregator } from '../docs/openapi-aggregator';
import { swaggerUi } from '../docs/swagger-ui';
import { forward } from '../proxy/forward';
import { upstreamProblem } from '../proxy/proxy-errors';
import type { UpstreamClient } from '../proxy/upstream-client';
import type { RouteMatch } from '../routes/route-matcher';
import type { RequestGate } from '../rate-limit/request-gate';
import type { Upstream } from '../routes/route-table';
import { readinessHandler } from './readiness';

export interface GatewayAppDeps {
  config: GatewayConfig;
  logger: Logger;
  registry: Registry;
  verifier: TokenVerifier;
  match: (method: string, path: string) => RouteMatch;
  upstreams: Map<Upstream, UpstreamClient>;
  gate: RequestGate;
  docs: OpenApiAggregator;
  isRedisReady: () => Promise<void>;
  isDraining: () => boolean;
  version: string;
}

/**
 * `/metrics` is served only to METRICS_ALLOW, judged by the socket's address. A request relayed by
 * a trusted proxy (nginx, itself on an allowed address) is also judged by the client it speaks
 * for, so a path nginx lets through by mistake still does not publish the metrics. A forwarded
 * header can only refuse, never admit.
 */
function operatorsOnly(allow: string): RequestHandler[] {
  const allowed = addressMatcher(allow);
  return [
    allowSources(allowed, 'Metrics'),
    (req, _res, next) => next(allowed(clientAddress(req)) ? undefined : new AppError(ErrorCode.FORBIDDEN, 'Metrics is served to operator addresses only')),
  ];
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
 * The gateway's Express app, in order: request ids, CORS, metrics, access log, then the proxy:
 * match the route table → check the token → one Redis call for the rate limit and the session's
 * revocation → forward through the upstream's breaker. Nothing parses a body, so uploads stream
 * straight through (http-proxy-middleware#320). Proxied answers carry the service's own security
 * headers (every service sets them); the gateway adds them to what it answers itself.
 */
export function createGatewayApp(deps: GatewayAppDeps): Application {
  const { config, logger, registry, verifier, match, upstreams, gate, docs } = deps;
  const securityHeaders = helmet();
  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-For is believed only from TRUSTED_PROXIES (nginx); anyone else is their socket address.
  app.set('trust proxy', trustProxyFunction(config.TRUSTED_PROXIES));

  const responses = new Counter({
    name: 'gateway_upstream_responses_total',
    help: 'Answers relayed or produced per upstream, by status',
    labelNames: ['upstream', 'status'],
    registers: [registry],
  });
  const serverErrors = new Counter({
    name: 'gateway_upstream_server_errors_total',
    help: '5xx answers relayed from an upstream, by status: alert on these; the breaker counts only a missing service (docs/adr/0004)',
    labelNames: ['upstream', 'status'],
    registers: [registry],
  });

  app.use(requestContext());
  app.use(cors(corsOptions(config.CORS_ORIGINS)));
  app.use(httpMetrics(registry));
  app.use(accessLog(logger));

  app.use(async (req, res, next) => {
    const found = match(req.method, req.path);
    if (found.kind === 'none') return next();
    // Problems the gateway answers itself get the security headers the services would have set.
    const fail = (error: unknown) => securityHeaders(req, res, () => next(error));
    if (found.kind === 'method-not-allowed') {
      res.set('Allow', found.allow.join(', '));
      return fail(new AppError(ErrorCode.METHOD_NOT_ALLOWED, `${req.method} is not allowed here; use ${found.allow.join(', ')}`, { status: 405 }));
    }
    const { rule } = found;
    setRouteLabel(res, rule.path);
    try {
      let user: AuthUser | undefined;
      if (rule.access === 'user') {
        user = await authorize(req, verifier, 'user');
      } else if (req.headers.authorization) {
        // Identifies the caller for per-user limits; whether a bad token matters here is the
        // service's call (its "optional" routes refuse one, its public ones ignore it).
        user = await authorize(req, verifier, 'optional').catch(() => undefined);
      }
      await gate.pass(req, res, rule.limit, user, rule.access === 'user');
    } catch (error) {
      return fail(error);
    }
    res.once('finish', () => responses.inc({ upstream: rule.upstream, status: String(res.statusCode) }));
    const timeoutMs = rule.timeout === 'normal' ? config.UPSTREAM_TIMEOUT_MS : config.UPLOAD_TIMEOUT_MS;
    forward(req, res, upstreams.get(rule.upstream)!, { timeoutMs, bodyTimeoutMs: config.UPLOAD_TIMEOUT_MS }).then(
      (status) => {
        if (status < 500) return;
        serverErrors.inc({ upstream: rule.upstream, status: String(status) });
        logger.warn('upstream answered a server error', { upstream: rule.upstream, route: rule.path, status });
      },
      (error: unknown) => {
        if (res.headersSent || res.destroyed) {
          res.destroy();
          return;
        }
        const problem = upstreamProblem(rule.upstream, error);
        logger.warn('upstream call failed', { upstream: rule.upstream, route: rule.path, code: problem.code, reason: error instanceof Error ? error.message : String(error) });
        fail(problem);
      },
    );
  });

  app.use(securityHeaders);
  const health = healthHandler('gateway', deps.version);
  app.get('/health', health);
  app.get('/api/system/health', health);
  app.get('/ready', readinessHandler({ upstreams, isRedisReady: deps.isRedisReady, isDraining: deps.isDraining, probeTimeoutMs: config.READY_PROBE_TIMEOUT_MS, docs }));
  app.get('/metrics', operatorsOnly(config.METRICS_ALLOW), metricsHandler(registry));
  app.get('/api/openapi.json', async (_req, res) => void res.json(await docs.current()));
  if (config.DOCS_ENABLED) app.use('/api/docs', swaggerUi('/api/openapi.json'));

  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return app;
}
