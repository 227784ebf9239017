import { setTimeout as delay } from 'node:timers/promises';

export interface RetryOptions {
  /** Tries in all, the first included. Default 3. */
  attempts?: number;
  /** Wait before the second try; doubles each time, with full jitter. Default 200 ms. */
  baseDelayMs?: number;
  /** No wait (computed or asked for by the server) is longer than this. Default 10 s. */
  maxDelayMs?: number;
  /**
   * Whether `error` is worth another try. Return a number to wait exactly that many ms (a
   * server's `Retry-After`), `true` for the computed backoff, `false` to give up at once.
   */
  retryable: (error: unknown) => boolean | number;
  signal?: AbortSignal;
}

/** Runs `fn` until it succeeds, the error is not retryable, or the attempts are used up. */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const attempts = options.attempts ?? 3;
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 10_000;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn(attempt);
    } catch (error) {
      const verdict = attempt < attempts ? options.retryable(error) : false;
      if (verdict === false) throw error;
      const wait = typeof verdict === 'number' ? verdict : Math.random() * base * 2 ** (attempt - 1);
      await delay(Math.min(Math.max(0, wait), max), undefined, { signal: options.signal });
    }
  }
}

/**
 * Milliseconds a `Retry-After` header asks for: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
