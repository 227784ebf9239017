import { ErrorCode } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import { CallTimeoutError, CircuitOpenError } from '@marquee/resilience';

/**
 * Something between the gateway and the service (a load balancer, a sidecar, a proxy) answered
 * for it: the service is not there. Its answer is still relayed to the client as it is; the
 * breaker counts it.
 */
export class UpstreamStatusError extends Error {
  constructor(readonly status: number) {
    super(`upstream answered ${status} without being there`);
  }
}

/** The call failed on the client's side: the upstream had no part in it, and the breaker does not count it. */
export class ClientSideError extends Error {}

/** The client hung up before its request was whole. */
export class ClientGoneError extends ClientSideError {
  constructor(readonly original: unknown) {
    super('the client closed the connection before its request was sent');
  }
}

/** The client's request body had not arrived whole when its time ran out. */
export class BodyTimeoutError extends ClientSideError {
  constructor(readonly waitedMs: number) {
    super(`The request body did not arrive within ${Math.ceil(waitedMs / 1000)} s`);
  }
}

const INFRASTRUCTURE_STATUSES = new Set([502, 503, 504]);

function isJson(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/**
 * Whether an answer says the service itself is not there (docs/adr/0004-breaker-policy.md): a 502,
 * 503 or 504 that is not JSON, which is how a load balancer, sidecar or proxy in front of a
 * missing service answers. What the service composed itself is never counted, whatever its
 * status: a service answers problem+json, so it is up, and one client can make it answer a 500
 * (a bug its input reaches) or a 502–504 about one of *its* dependencies (movies without TMDb, a
 * full hashing queue), which must not cut everybody off the whole service.
 */
export function isBrokenUpstreamAnswer(status: number, contentType: string | undefined): boolean {
  return INFRASTRUCTURE_STATUSES.has(status) && !isJson(contentType);
}

/** Connection-level errors (socket and undici codes): the upstream is not there, or went away before answering. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined;
}

export function isConnectionError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && UNREACHABLE.has(code);
}

/**
 * What the breaker counts: an answer from something standing in for a missing service, and every
 * error on the way (connection refused or reset, timeouts, invalid answers), except the client's
 * own (it hung up, or its body did not come). Relayed answers of the service itself resolve and are never seen here.
 */
export function isUpstreamFailure(error: unknown): boolean {
  return !(error instanceof ClientSideError);
}

/**
 * The client-facing problem for a failed upstream call. Never names hosts or ports: the service
 * is named by its role only.
 */
export function upstreamProblem(upstream: string, error: unknown): AppError {
  if (error instanceof BodyTimeoutError) {
    return new AppError(ErrorCode.VALIDATION_FAILED, error.message, { status: 408, errors: [{ field: 'body', message: error.message }], headers: { Connection: 'close' } });
  }
  if (error instanceof CircuitOpenError) {
    return new AppError(ErrorCode.UPSTREAM_UNAVAILABLE, `The ${upstream} service is unavailable; try again shortly`, {
      status: 503,
      headers: { 'Retry-After': String(error.retryAfterSec) },
      details: { upstream },
    });
  }
  if (error instanceof CallTimeoutError) {
    return new AppError(ErrorCode.UPSTREAM_TIMEOUT, `The ${upstream} service did not answer in time`, {
      status: 504,
      headers: { 'Retry-After': '5' },
      details: { upstream },
    });
  }
  if (isConnectionError(error)) {
    return new AppError(ErrorCode.UPSTREAM_UNAVAILABLE, `The ${upstream} service is unavailable; try again shortly`, {
      status: 503,
      headers: { 'Retry-After': '1' },
      details: { upstream },
    });
  }
  return new AppError(ErrorCode.BAD_GATEWAY, `The ${upstream} service gave an invalid answer`, { status: 502, details: { upstream } });
}
