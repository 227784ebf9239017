import { ErrorCode } from '@marquee/contracts';
import { AppError, httpGet, type Logger } from '@marquee/core';
import { CallTimeoutError, CircuitOpenError, createCircuitBreaker, type CircuitBreaker } from '@marquee/resilience';
import type { z } from 'zod';
import type { Platform } from './platform';

/** Another service answered with an error status other than 404. */
export class UpstreamStatusError extends Error {
  constructor(
    readonly service: string,
    readonly status: number,
  ) {
    super(`${service} answered ${status}`);
    this.name = 'UpstreamStatusError';
  }
}

/**
 * Whether a failed call means the other service (or the way to it) is unwell: not when it refused
 * us with a 4xx, nor when its answer had the wrong shape (an AppError raised here), so a client's
 * bad request can never open the breaker for everyone.
 */
export function isUpstreamFailure(error: unknown): boolean {
  if (error instanceof AppError) return false;
  if (error instanceof UpstreamStatusError) return error.status >= 500;
  return true;
}

export interface ServiceClientOptions {
  /** The other service's name, for messages, logs and the breaker's metrics. */
  service: string;
  baseUrl: string;
  breaker: CircuitBreaker;
  logger: Logger;
}

/**
 * Reads from another Marquee service over HTTP, every call through its long-lived breaker (whose
 * timeout aborts the request). `get` answers the parsed body, or null on 404; `toAppError` turns
 * what went wrong into what our caller should see: 503 `UPSTREAM_UNAVAILABLE` with `Retry-After`
 * when the service is down, slow or failing, 502 `BAD_GATEWAY` when it refused or answered nonsense.
 */
export class ServiceClient {
  constructor(readonly options: ServiceClientOptions) {}

  /** GET `path`, checked against `schema`. `token` is sent as the caller's bearer token. */
  async get<S extends z.ZodType>(path: string, schema: S, options: { token?: string } = {}): Promise<z.output<S> | null> {
    const { service, baseUrl, breaker, logger } = this.options;
    const url = baseUrl.replace(/\/+$/, '') + path;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    return breaker.run(async (signal) => {
      const { status, text } = await httpGet(url, { headers, signal });
      if (status === 404) return null;
      if (status < 200 || status >= 300) throw new UpstreamStatusError(service, status);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new AppError(ErrorCode.BAD_GATEWAY, `The ${service} service answered something that is not JSON`, { status: 502 });
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        logger.warn(`${service} answered in an unexpected shape`, { issues: parsed.error.issues.slice(0, 5) });
        throw new AppError(ErrorCode.BAD_GATEWAY, `The ${service} service answered in an unexpected shape`, { status: 502 });
      }
      return parsed.data;
    });
  }

  toAppError(error: unknown): AppError {
    if (error instanceof AppError) return error;
    const { service, breaker, logger } = this.options;
    const unavailable = (message: string, retryAfterSec: number) =>
      new AppError(ErrorCode.UPSTREAM_UNAVAILABLE, message, { headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSec))) }, cause: error });
    if (error instanceof CircuitOpenError) return unavailable(`The ${service} service is unavailable at the moment; try again later`, error.retryAfterSec);
    const soon = Math.max(5, breaker.retryAfterSec());
    if (error instanceof CallTimeoutError) return unavailable(`The ${service} service did not answer within ${error.timeoutMs} ms`, soon);
    if (error instanceof UpstreamStatusError) {
      if (error.status >= 500) return unavailable(`The ${service} service failed (HTTP ${error.status})`, soon);
      return new AppError(ErrorCode.BAD_GATEWAY, `The ${service} service refused the request (HTTP ${error.status})`, { status: 502, cause: error });
    }
    logger.warn(`${service} service unreachable`, { error: error instanceof Error ? error.message : String(error) });
    return unavailable(`The ${service} service cannot be reached`, soon);
  }
}

/**
 * A client of another service with its own long-lived breaker, created at start and shut down
 * with the platform; the breaker's state and outcomes are in the service's metrics.
 */
export function serviceClient(
  platform: Pick<Platform, 'registry' | 'logger' | 'lifecycle'>,
  options: { service: string; baseUrl: string; timeoutMs: number; resetTimeoutMs: number },
): ServiceClient {
  const breaker = createCircuitBreaker({
    name: options.service,
    timeoutMs: options.timeoutMs,
    resetTimeoutMs: options.resetTimeoutMs,
    isFailure: isUpstreamFailure,
    registry: platform.registry,
    logger: platform.logger,
  });
  platform.lifecycle.onStop(`${options.service} breaker`, () => breaker.shutdown());
  return new ServiceClient({ service: options.service, baseUrl: options.baseUrl, breaker, logger: platform.logger });
}
