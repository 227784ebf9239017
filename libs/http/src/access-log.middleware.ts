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
    const path = req.originalUrl.split('?')[0] ?? '';
    const level = PROBES.has(path) ? 'debug' : 'info';
    // Checked first: building and formatting a line that is then dropped costs every request.
    if (!logger.isLevelEnabled(level)) return next();
    const started = process.hrtime.bigint();
    // Read now: by the time the answer is closed the socket may already be detached.
    const ip = req.ip;
    res.once('close', () => {
      logger.log(level, 'request', {
        method: req.method,
        route: routeLabel(req, res),
        path,
        status: res.statusCode,
        duration_ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        aborted: res.writableFinished ? undefined : true,
        ip,
      });
    });
    next();
  };
}
