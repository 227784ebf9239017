import type { Redis } from 'ioredis';
import type { Request, Response } from 'express';
import { Counter, type Registry } from 'prom-client';
import { ErrorCode } from '@marquee/contracts';
import { addressKey, AppError, type Logger } from '@marquee/core';
import { clientAddress, revokedSessionKey, type AuthUser } from '@marquee/http';
import type { GatewayConfig } from '../config';
import type { LimitClass } from '../routes/route-table';

/**
 * One round trip per request: counts the request in its fixed window (INCR, and PEXPIRE on the
 * first hit) and, for a signed-in route, reads whether the token's session was revoked. Returns
 * `{ hits, ms left in the window, revoked }`.
 */
const GATE = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
local revoked = 0
if KEYS[2] then revoked = redis.call('EXISTS', KEYS[2]) end
return { hits, ttl, revoked }`;

/**
 * The address a client's requests are counted under: the one `trust proxy` resolved, in canonical
 * form (`::ffff:10.1.1.1`, `10.1.1.01` and `10.1.1.1:1234` are all `10.1.1.1`), IPv6 by its /64.
 */
export function limitAddress(req: Request): string {
  return addressKey(clientAddress(req));
}

type GateRedis = Redis & { marqueeGate(...args: (string | number)[]): Promise<[number, number, number]> };

export interface GateDecision {
  limit: number;
  remaining: number;
  resetSec: number;
}

/**
 * The gateway's per-request checks that need shared state, in one Redis script: the rate limits of
 * API.md (`auth` per IP, `search` and `default` per user or per IP when anonymous) and, for routes
 * that need a user, the revoked-session check (so logout takes effect at the gateway at once).
 * Counters live in Redis, so every gateway replica shares them.
 *
 * When Redis cannot be reached, rate limiting lets the request through (an outage of the cache
 * must not take the whole API down; the users service keeps its own per-IP login block), but a
 * route that needs a user answers 503: a logged-out session must not come back meanwhile. The
 * outage shows in `/ready`, the logs and `gateway_gate_errors_total`.
 */
export class RequestGate {
  private readonly redis: GateRedis;
  private readonly windowMs: number;
  private readonly limits: Record<LimitClass, number>;
  private readonly rejected: Counter<'limit'>;
  private readonly errors: Counter<'limit'>;

  constructor(
    redis: Redis,
    private readonly config: GatewayConfig,
    registry: Registry,
    private readonly logger: Logger,
  ) {
    if (!('marqueeGate' in redis)) redis.defineCommand('marqueeGate', { lua: GATE });
    this.redis = redis as GateRedis;
    this.windowMs = config.RATE_LIMIT_WINDOW_SEC * 1000;
    this.limits = { auth: config.RATE_LIMIT_AUTH, search: config.RATE_LIMIT_SEARCH, default: config.RATE_LIMIT_DEFAULT };
    this.rejected = new Counter({ name: 'gateway_rate_limited_total', help: 'Requests refused with 429, by limit', labelNames: ['limit'], registers: [registry] });
    this.errors = new Counter({
      name: 'gateway_gate_errors_total',
      help: 'Rate-limit and revocation checks that could not reach Redis, by limit',
      labelNames: ['limit'],
      registers: [registry],
    });
  }

  /** Whose requests count together: the address for `auth`, else the user, else the address. */
  private subject(req: Request, limit: LimitClass, user: AuthUser | undefined): string {
    if (user && limit !== 'auth') return `user:${user.id}`;
    return `ip:${limitAddress(req)}`;
  }

  /**
   * Counts the request and, with `checkRevoked`, refuses a revoked session. Sets the
   * `RateLimit-*` headers (draft 6) and throws 429 (with `Retry-After`), 401 or 503.
   */
  async pass(req: Request, res: Response, limit: LimitClass, user: AuthUser | undefined, checkRevoked: boolean): Promise<void> {
    const key = `${this.config.RATE_LIMIT_PREFIX}${limit}:${this.subject(req, limit, user)}`;
    let hits: number;
    let ttl: number;
    let revoked: number;
    try {
      [hits, ttl, revoked] =
        checkRevoked && user
          ? await this.redis.marqueeGate(2, key, revokedSessionKey(user.sessionId), this.windowMs)
          : await this.redis.marqueeGate(1, key, this.windowMs);
    } catch (error) {
      this.errors.inc({ limit });
      if (checkRevoked) {
        this.logger.warn('revocation check unavailable; request refused', { limit, error });
        throw new AppError(ErrorCode.UPSTREAM_UNAVAILABLE, 'Sessions cannot be checked right now; try again shortly', { status: 503, headers: { 'Retry-After': '1' } });
      }
      this.logger.warn('rate limit store unavailable; request let through', { limit, error });
      return;
    }
    if (revoked === 1) throw new AppError(ErrorCode.SESSION_REVOKED, 'This session has ended; sign in again', { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });
    const max = this.limits[limit];
    const resetSec = Math.max(0, Math.ceil(ttl / 1000));
    res.setHeader('RateLimit-Policy', `${max};w=${this.config.RATE_LIMIT_WINDOW_SEC}`);
    res.setHeader('RateLimit-Limit', String(max));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, max - hits)));
    res.setHeader('RateLimit-Reset', String(resetSec));
    if (hits > max) {
      this.rejected.inc({ limit });
      throw new AppError(ErrorCode.RATE_LIMITED, `Too many requests: at most ${max} per ${this.config.RATE_LIMIT_WINDOW_SEC} s for this kind of request`, {
        status: 429,
        headers: { 'Retry-After': String(Math.max(1, resetSec)) },
        details: { limit },
      });
    }
  }
}
