import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { routeLabel } from './route-label';

const LABELS = ['method', 'route', 'status'] as const;

function reuse<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/**
 * `http_requests_total{method,route,status}`, `http_request_duration_seconds` (histogram, same
 * labels) and `http_requests_in_flight`. `route` is the matched pattern, so ids in URLs do not
 * explode the series count.
 */
export function httpMetrics(registry: Registry): RequestHandler {
  const total = reuse(
    registry,
    'http_requests_total',
    () => new Counter({ name: 'http_requests_total', help: 'HTTP requests answered', labelNames: LABELS, registers: [registry] }),
  );
  const duration = reuse(
    registry,
    'http_request_duration_seconds',
    () =>
      new Histogram({
        name: 'http_request_duration_seconds',
        help: 'Time from request to the end of the answer',
        labelNames: LABELS,
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [registry],
      }),
  );
  const inFlight = reuse(
    registry,
    'http_requests_in_flight',
    () => new Gauge({ name: 'http_requests_in_flight', help: 'HTTP requests being served', registers: [registry] }),
  );

  return (req, res, next) => {
    const started = process.hrtime.bigint();
    inFlight.inc();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight.dec();
      const labels = { method: req.method, route: routeLabel(req, res), status: String(res.statusCode) };
      total.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    };
    // 'close' also covers clients that hang up before the answer is complete.
    res.once('finish', finish);
    res.once('close', finish);
    next();
  };
}
