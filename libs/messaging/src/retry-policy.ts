import { isAppError } from '@marquee/core';
import type { MessageProperties } from 'amqplib';

/** Why a message went to its parking queue. */
export type ParkReason = 'permanent' | 'max_attempts' | 'invalid';

/** What to do with a message whose handler failed. */
export type FailureDecision = { action: 'retry'; delayMs: number } | { action: 'park'; reason: ParkReason };

/** Thrown (internally) for a message that cannot be handed to a handler: not JSON, for instance. */
export class InvalidMessageError extends Error {
  readonly permanent = true;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidMessageError';
  }
}

/**
 * A failure that retrying cannot fix. An error says so itself with a boolean `permanent`
 * property; otherwise an `AppError` with a 4xx status (validation, not found, conflict) is
 * permanent and a 5xx `AppError` (an upstream unavailable, a timeout) is not. Any other error —
 * a dropped database connection, a bug fixed by the next deploy — is retried.
 */
export function isPermanentError(error: unknown): boolean {
  if (typeof error === 'object' && error !== null && 'permanent' in error && typeof error.permanent === 'boolean') {
    return error.permanent;
  }
  if (isAppError(error)) return error.status < 500;
  return false;
}

/** Delay before attempt `failedAttempt + 1`; the last configured delay repeats. */
export function retryDelayFor(failedAttempt: number, delaysMs: readonly number[]): number {
  if (delaysMs.length === 0) throw new Error('retryDelaysMs must not be empty');
  return delaysMs[Math.min(Math.max(failedAttempt, 1), delaysMs.length) - 1]!;
}

/** The distinct delays a consumer with `maxAttempts` can use (one retry queue each). */
export function retryDelaysInUse(maxAttempts: number, delaysMs: readonly number[]): number[] {
  const delays = new Set<number>();
  for (let attempt = 1; attempt < maxAttempts; attempt++) delays.add(retryDelayFor(attempt, delaysMs));
  return [...delays];
}

/** Retry with the next delay, or park when the error is permanent or attempts are used up. */
export function decideFailure(error: unknown, attempt: number, maxAttempts: number, delaysMs: readonly number[]): FailureDecision {
  if (error instanceof InvalidMessageError) return { action: 'park', reason: 'invalid' };
  if (isPermanentError(error)) return { action: 'park', reason: 'permanent' };
  if (attempt >= maxAttempts) return { action: 'park', reason: 'max_attempts' };
  return { action: 'retry', delayMs: retryDelayFor(attempt, delaysMs) };
}

/** Headers RabbitMQ sets itself when it dead-letters or redelivers; a copy must not carry them. */
const BROKER_HEADERS = ['x-death', 'x-first-death-exchange', 'x-first-death-queue', 'x-first-death-reason', 'x-last-death-exchange', 'x-last-death-queue', 'x-last-death-reason', 'x-delivery-count'];

/** Headers this library adds on a retry or when parking; a re-driven message starts without them. */
export const PARKING_HEADERS = ['x-error-message', 'x-error-name', 'x-error-code', 'x-error-stack', 'x-failed-at', 'x-parked-reason', 'x-attempts', 'x-last-error'];

export function withoutHeaders(headers: Record<string, unknown> | undefined, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(headers ?? {})) if (!names.includes(key)) out[key] = value;
  return out;
}

/** The user and library headers of a delivered message, without the broker's bookkeeping. */
export function carriedHeaders(headers: Record<string, unknown> | undefined): Record<string, unknown> {
  return withoutHeaders(headers, BROKER_HEADERS);
}

/** How many attempts already failed before this delivery (0 for a fresh message). */
export function attemptsSoFar(headers: Record<string, unknown> | undefined): number {
  const value = Number(headers?.['x-attempts'] ?? 0);
  return Number.isInteger(value) && value > 0 ? value : 0;
}

/**
 * The routing key the producer used. Retries and re-drives reach the main queue through the
 * default exchange (routing key = queue name), so the original travels in a header; a message
 * the broker dead-lettered by itself still has it in `x-death`.
 */
export function originalRoutingKey(headers: Record<string, unknown> | undefined, deliveredWith: string): string {
  const kept = headers?.['x-original-routing-key'];
  if (typeof kept === 'string') return kept;
  const deaths = headers?.['x-death'];
  if (Array.isArray(deaths)) {
    // RabbitMQ keeps the most recent death first.
    const latest = deaths[0] as { 'routing-keys'?: unknown } | undefined;
    const keys = latest?.['routing-keys'];
    if (Array.isArray(keys) && typeof keys[0] === 'string') return keys[0];
  }
  return deliveredWith;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Error headers are bounded: an AMQP header table must stay well under 64 KiB. */
const MAX_MESSAGE = 1_000;
const MAX_STACK = 4_000;

export interface ParkingContext {
  attempt: number;
  routingKey: string;
  exchange: string;
  reason: ParkReason;
  now?: Date;
}

/** The headers a parked message carries so an operator can see what failed, where and when. */
export function parkingHeaders(error: unknown, ctx: ParkingContext): Record<string, unknown> {
  const err = error instanceof Error ? error : new Error(String(error));
  const headers: Record<string, unknown> = {
    'x-error-message': truncate(err.message, MAX_MESSAGE),
    'x-error-name': err.name,
    'x-error-stack': truncate(err.stack ?? '', MAX_STACK),
    'x-attempts': ctx.attempt,
    'x-original-routing-key': ctx.routingKey,
    'x-original-exchange': ctx.exchange,
    'x-failed-at': (ctx.now ?? new Date()).toISOString(),
    'x-parked-reason': ctx.reason,
  };
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') headers['x-error-code'] = code;
  return headers;
}

/** Publish options that reproduce a delivered message's properties on a copy. */
export function copiedProperties(properties: MessageProperties): {
  contentType?: string;
  contentEncoding?: string;
  correlationId?: string;
  messageId?: string;
  type?: string;
  timestamp?: number;
  appId?: string;
} {
  const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    contentType: str(properties.contentType),
    contentEncoding: str(properties.contentEncoding),
    correlationId: str(properties.correlationId),
    messageId: str(properties.messageId),
    type: str(properties.type),
    timestamp: typeof properties.timestamp === 'number' ? properties.timestamp : undefined,
    appId: str(properties.appId),
  };
}
