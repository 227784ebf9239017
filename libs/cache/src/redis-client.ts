import { Redis } from 'ioredis';
import type { Logger } from '@marquee/core';

export interface CreateRedisOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://`). Never logged. */
  url: string;
  logger: Logger;
  /** Shown in logs and as the connection name in `CLIENT LIST`; defaults to `marquee`. */
  name?: string;
  /** Connect on the first command instead of at once. */
  lazy?: boolean;
  /** A command without an answer after this long fails (queued commands included). Default 2000. */
  commandTimeoutMs?: number;
  /** Upper bound of the reconnect backoff. Default 2000. */
  maxRetryDelayMs?: number;
  /**
   * Send the commands issued in one event-loop tick as one write (ioredis auto-pipelining): fewer
   * syscalls for a process that issues many small commands concurrently, like the gateway.
   */
  autoPipelining?: boolean;
}

/** Statuses in which ioredis has no usable connection and is not about to have one. */
const DOWN_STATUSES = new Set(['reconnecting', 'close', 'end']);

/** True when the client has no live connection: a command sent now would wait or fail. */
export function isRedisDown(redis: Redis): boolean {
  return DOWN_STATUSES.has(redis.status);
}

/**
 * Reconnect delay: exponential from 50 ms, capped, with up to 100 ms of jitter so replicas that
 * lost Redis together do not reconnect in lockstep. It never gives up: a service outlives outages.
 */
export function redisRetryDelay(attempt: number, maxDelayMs = 2000): number {
  const base = Math.min(50 * 2 ** Math.min(attempt, 16), maxDelayMs);
  return base + Math.floor(Math.random() * 100);
}

/**
 * An ioredis client set up for services:
 * - reconnects forever with capped exponential backoff;
 * - `maxRetriesPerRequest: 1` and a command timeout, so during an outage commands fail within
 *   about a second instead of queueing forever (callers decide whether to degrade);
 * - reconnects on `READONLY` (a replica promoted or demoted behind the same address);
 * - `error` events are logged, never left unhandled: the first one of an outage at `warn`, the
 *   rest at `debug`, and the recovery at `info`.
 */
export function createRedis({
  url,
  logger,
  name = 'marquee',
  lazy = false,
  commandTimeoutMs = 2000,
  maxRetryDelayMs = 2000,
  autoPipelining = false,
}: CreateRedisOptions): Redis {
  const redis = new Redis(url, {
    connectionName: name.replace(/[^\w.:-]/g, '-'),
    lazyConnect: lazy,
    enableAutoPipelining: autoPipelining,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 3000,
    // After QUIT or disconnect, how long a socket may take to close before it is destroyed.
    // ioredis arms this timer even when the socket is already gone (an outage), and the timer
    // then holds the process open for its full length on shutdown.
    disconnectTimeout: 200,
    retryStrategy: (attempt) => redisRetryDelay(attempt, maxRetryDelayMs),
    reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 2 : false),
  });

  let failing = false;
  redis.on('error', (error: Error) => {
    if (failing) {
      logger.debug('redis still unavailable', { redis: name, error: error.message });
      return;
    }
    failing = true;
    logger.warn('redis connection error', { redis: name, error: error.message });
  });
  redis.on('ready', () => {
    if (failing) logger.info('redis connection restored', { redis: name });
    else logger.debug('redis ready', { redis: name });
    failing = false;
  });
  redis.on('reconnecting', (delayMs: number) => logger.debug('redis reconnecting', { redis: name, delay_ms: delayMs }));
  return redis;
}

/**
 * Readiness probe: resolves when Redis answers PING within `timeoutMs`, rejects with the reason
 * otherwise. It does not wait for a reconnect in progress; a client that is down fails at once.
 */
export async function checkRedis(redis: Redis, timeoutMs = 1000): Promise<void> {
  if (isRedisDown(redis)) throw new Error(`redis is not connected (${redis.status})`);
  const answer = await withTimeout(redis.ping(), timeoutMs, `redis did not answer PING within ${timeoutMs} ms`);
  if (answer !== 'PONG') throw new Error(`redis answered PING with ${answer}`);
}

/**
 * Closes the client: QUIT (waits for pending replies) when connected, and a hard disconnect when
 * Redis is unreachable or QUIT does not answer within `timeoutMs`. Never throws.
 */
export async function closeRedis(redis: Redis, timeoutMs = 2000): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  try {
    await withTimeout(redis.quit(), timeoutMs, 'QUIT timed out');
  } catch {
    redis.disconnect();
  }
}

/** Races `promise` against a timer that rejects with `message`; the timer never outlives it. */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
