import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { Counter, type Registry } from 'prom-client';
import { ErrorCode } from '@marquee/contracts';
import { AppError, type Logger } from '@marquee/core';
import { authUser } from '@marquee/http';
import type { GatewayConfig } from '../config';
import type { LimitClass } from '../routes/route-table';
import { RedisWindowStore } from './redis-window-store';

/** Per user once the token check has named one; per client address otherwise. */
function userOrIp(req: Request): string {
  const user = authUser(req);
  return user ? `user:${user.id}` : `ip:${ipKeyGenerator(req.ip ?? '')}`;
}

function ipOnly(req: Request): string {
  return `ip:${ipKeyGenerator(req.ip ?? '')}`;
}

/**
 * One limiter per class of route (API.md): `auth` counts per IP whoever is signed in (it guards
 * credentials), `search` and `default` per user, falling back to the IP. Answers carry
 * `RateLimit-Limit/-Remaining/-Reset` (draft 6) and, when refused, `Retry-After`.
 *
 * When Redis cannot be reached the request passes (`passOnStoreError`): a cache outage must not
 * take the whole API down, and the users service keeps its own per-IP login block. The outage
 * shows in `/ready`, the logs and `gateway_rate_limit_store_errors_total`.
 */
export function createRateLimits(redis: Redis, config: GatewayConfig, registry: Registry, logger: Logger): Record<LimitClass, RequestHandler> {
  const rejected = new Counter({
    name: 'gateway_rate_limited_total',
    help: 'Requests refused with 429, by limit',
    labelNames: ['limit'],
    registers: [registry],
  });
  const storeErrors = new Counter({
    name: 'gateway_rate_limit_store_errors_total',
    help: 'Rate-limit checks that could not reach Redis (the request was let through)',
    labelNames: ['limit'],
    registers: [registry],
  });
  const windowMs = config.RATE_LIMIT_WINDOW_SEC * 1000;

  const limiter = (name: LimitClass, limit: number, keyGenerator: (req: Request) => string): RequestHandler => {
    const store = new RedisWindowStore(redis, `${config.RATE_LIMIT_PREFIX}${name}:`);
    const handler = rateLimit({
      windowMs,
      limit,
      standardHeaders: 'draft-6',
      legacyHeaders: false,
      store,
      keyGenerator,
      passOnStoreError: true,
      logger: {
        error: (error, message) => {
          storeErrors.inc({ limit: name });
          logger.warn(message ?? 'rate limit store error', { limit: name, error });
        },
        warn: (error, message) => logger.warn(message ?? 'rate limit warning', { limit: name, error }),
      },
      // Our own store, key generators and trust-proxy setting are checked by tests instead.
      validate: { trustProxy: false, xForwardedForHeader: false, keyGeneratorIpFallback: false, singleCount: false },
      handler: (_req, _res, next, options) => {
        rejected.inc({ limit: name });
        next(
          new AppError(ErrorCode.RATE_LIMITED, `Too many requests: at most ${options.limit} per ${config.RATE_LIMIT_WINDOW_SEC} s for this kind of request`, {
            status: 429,
            details: { limit: name },
          }),
        );
      },
    });
    return handler;
  };

  return {
    auth: limiter('auth', config.RATE_LIMIT_AUTH, ipOnly),
    search: limiter('search', config.RATE_LIMIT_SEARCH, userOrIp),
    default: limiter('default', config.RATE_LIMIT_DEFAULT, userOrIp),
  };
}
