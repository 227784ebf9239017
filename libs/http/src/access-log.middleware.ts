import type { RequestHandler } from 'express';
import type { Logger } from '@marquee/core';
import { routeLabel } from './route-label';

const PROBES = new Set(['/health', '/ready', '/metrics']);

/**
 * One log line per answered request: method, route pattern, path (never the query string, which
 * may carry secrets), status and duration. Probe endpoints log at debug to keep the noise down.
 */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const path = req.originalUrl.split('?')[0] ?? '';
      const level = PROBES.has(path) ? 'debug' : 'info';
      logger.log(level, 'request', {
        method: req.method,
        route: routeLabel(req, res),
        path,
        status: res.statusCode,
        duration_ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        aborted: res.writableFinished ? undefined : true,
        ip: req.ip,
      });
    });
    next();
  };
}
