import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { addressMatcher, AppError, canonicalAddress, type AddressMatcher } from '@marquee/core';
import { ErrorCode } from '@marquee/contracts';

/**
 * Express `trust proxy` from a list of proxy addresses (`TRUSTED_PROXIES`): X-Forwarded-For is
 * walked back only through hops whose address is in the list, so a client that reaches a service
 * directly cannot choose its own IP by sending the header.
 */
export function trustProxyFunction(
  spec: string | ((address: string, hop: number) => boolean),
): (address: string, hop: number) => boolean {
  if (typeof spec === 'function') return spec;
  const trusted = addressMatcher(spec);
  return (address) => trusted(address);
}

/**
 * The caller's address in one canonical form (`::ffff:10.1.1.1`, `10.1.1.01` and `10.1.1.1` are
 * all `10.1.1.1`), as `trust proxy` resolved it. Key limits and blocks by `addressKey` of this.
 */
export function clientAddress(req: Request): string {
  return canonicalAddress(req.ip) ?? canonicalAddress(req.socket.remoteAddress) ?? 'unknown';
}

/**
 * Lets a request through only when the socket's peer (never a forwarded header) is in `allow`;
 * others get 403. For operator endpoints such as `/metrics`.
 */
export function allowSources(allow: string | AddressMatcher, what: string): RequestHandler {
  const allowed = typeof allow === 'function' ? allow : addressMatcher(allow);
  return (req, _res, next) => {
    if (allowed(req.socket.remoteAddress)) next();
    else next(new AppError(ErrorCode.FORBIDDEN, `${what} is served to operator addresses only`));
  };
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Guards a service's `/internal/*` routes, which other services call (a read model's backfill)
 * and the gateway never forwards: the socket's peer must be in `allow` (`INTERNAL_ALLOW`), and
 * when `token` (`INTERNAL_TOKEN`) is set the caller must send it as a bearer token (compared in
 * constant time). Refusals are 403 (`FORBIDDEN`) and say nothing of which check failed.
 */
export function internalAccess({ allow, token }: { allow: string | AddressMatcher; token?: string }): RequestHandler {
  const allowed = typeof allow === 'function' ? allow : addressMatcher(allow);
  const expected = token ? digest(token) : undefined;
  return (req, _res, next) => {
    const sent = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const tokenOk = expected === undefined || timingSafeEqual(digest(sent), expected);
    if (allowed(req.socket.remoteAddress) && tokenOk) next();
    else next(new AppError(ErrorCode.FORBIDDEN, 'This route is internal to the platform'));
  };
}
