import type { RequestHandler } from 'express';
import type { Logger, Registry } from '@marquee/core';

/** A readiness check: resolves when the dependency is reachable, rejects (or hangs) when not. */
export type ReadinessCheck = () => Promise<unknown>;

export type CheckOutcome = 'ok' | 'failed' | 'timeout';

const TIMED_OUT = Symbol('timeout');

async function runCheck(name: string, check: ReadinessCheck, timeoutMs: number, logger: Logger): Promise<CheckOutcome> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const outcome = await Promise.race([
      Promise.resolve().then(check),
      new Promise<typeof TIMED_OUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
        timer.unref();
      }),
    ]);
    if (outcome === TIMED_OUT) {
      logger.warn('readiness check timed out', { check: name, timeout_ms: timeoutMs });
      return 'timeout';
    }
    return 'ok';
  } catch (error) {
    logger.warn('readiness check failed', { check: name, reason: error instanceof Error ? error.message : String(error) });
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check at once, each with its own timeout. */
export async function runReadinessChecks(
  checks: Record<string, ReadinessCheck>,
  timeoutMs: number,
  logger: Logger,
): Promise<Record<string, CheckOutcome>> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => [name, await runCheck(name, check, timeoutMs, logger)] as const),
  );
  return Object.fromEntries(entries);
}

/** `GET /health`: the process is alive. */
export function healthHandler(service: string, version: string): RequestHandler {
  return (_req, res) => {
    res.json({ status: 'healthy', service, version, timestamp: new Date().toISOString() });
  };
}

/**
 * `GET /ready`: 200 `{ status: "ready", checks }` when every check passes; 503
 * `{ status: "unready", checks, failing }` otherwise, or `{ status: "draining" }` while stopping.
 * Failure reasons are logged, not sent (they can name internal hosts).
 */
export function readinessHandler(
  checks: Record<string, ReadinessCheck>,
  options: { timeoutMs: number; logger: Logger; isDraining?: () => boolean },
): RequestHandler {
  return async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    if (options.isDraining?.()) {
      res.status(503).json({ status: 'draining', checks: {} });
      return;
    }
    const outcomes = await runReadinessChecks(checks, options.timeoutMs, options.logger);
    const failing = Object.keys(outcomes).filter((name) => outcomes[name] !== 'ok');
    if (failing.length === 0) res.json({ status: 'ready', checks: outcomes });
    else res.status(503).json({ status: 'unready', checks: outcomes, failing });
  };
}

/** `GET /metrics`: the registry in Prometheus text format. */
export function metricsHandler(registry: Registry): RequestHandler {
  return async (_req, res) => {
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  };
}
