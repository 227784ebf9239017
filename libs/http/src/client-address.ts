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
