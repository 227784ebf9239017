import { ErrorCode } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import { CallTimeoutError, CircuitOpenError } from '@marquee/resilience';

/**
 * The upstream answered, but with a status that says it is broken (500, 502, 504). Its answer is
 * still relayed to the client as it is; the breaker counts it. A 503 is not counted: a service
 * answers 503 on purpose when one of *its* dependencies is down (movies without TMDb), and that
 * must not cut off the rest of the service.
 */
export class UpstreamStatusError extends Error {
  constructor(readonly status: number) {
    super(`upstream answered ${status}`);
  }
}

const FAILURE_STATUSES = new Set([500, 502, 504]);

export function isFailureStatus(status: number): boolean {
  return FAILURE_STATUSES.has(status);
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

/** What the breaker counts: everything except a relayed answer that is not a failure status. */
export function isUpstreamFailure(error: unknown): boolean {
  if (error instanceof UpstreamStatusError) return isFailureStatus(error.status);
  return true;
}

/**
 * The client-facing problem for a failed upstream call. Never names hosts or ports: the service
 * is named by its role only.
 */
export function upstreamProblem(upstream: string, error: unknown): AppError {
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
