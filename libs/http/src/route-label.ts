import type { Request, Response } from 'express';

const ROUTE_LABEL = Symbol('marquee.route');

/** Records the route pattern that serves this request (typed routes do it before anything can fail). */
export function setRouteLabel(res: Response, pattern: string): void {
  (res.locals as Record<symbol, unknown>)[ROUTE_LABEL] = pattern;
}

/**
 * The matched route pattern (`/api/things/:id`), never the raw URL, so metrics keep a bounded set
 * of label values. Requests that matched no route are `unmatched`.
 */
export function routeLabel(req: Request, res: Response): string {
  const recorded = (res.locals as Record<symbol, unknown>)[ROUTE_LABEL];
  if (typeof recorded === 'string') return recorded;
  const route = (req as { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}`;
  return 'unmatched';
}
