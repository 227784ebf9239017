import OpossumBreaker from 'opossum';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Logger } from '@marquee/core';

export type CircuitState = 'closed' | 'open' | 'half-open';

/** The breaker is open: the call was refused without being tried. */
export class CircuitOpenError extends Error {
  readonly code = 'CIRCUIT_OPEN';
  constructor(
    readonly breaker: string,
    /** Seconds until the breaker lets a probe through (at least 1). */
    readonly retryAfterSec: number,
  ) {
    super(`${breaker} is unavailable (circuit open)`);
    this.name = 'CircuitOpenError';
  }
}

/** The call took longer than the breaker's timeout; its signal was aborted. */
export class CallTimeoutError extends Error {
  readonly code = 'CALL_TIMEOUT';
  constructor(
    readonly breaker: string,
    readonly timeoutMs: number,
  ) {
    super(`${breaker} did not answer within ${timeoutMs} ms`);
    this.name = 'CallTimeoutError';
  }
}

export interface CircuitBreakerOptions {
  /** Names the breaker in logs, errors and the `breaker` metric label (e.g. the upstream). */
  name: string;
  /** Default time a call may take before its signal is aborted and it counts as a failure. */
  timeoutMs: number;
  /** Failure percentage in the rolling window that opens the breaker. Default 50. */
  errorThresholdPercentage?: number;
  /** Calls in the window before the percentage is judged at all. Default 5. */
  volumeThreshold?: number;
  /** How long the breaker stays open before one probe call is let through. Default 10 s. */
  resetTimeoutMs?: number;
  /** Length of the rolling window. Default 10 s. */
  rollingWindowMs?: number;
  /**
   * Errors for which this returns false do not count as failures (they still reject): a 4xx
   * answer means the upstream is healthy and the caller was wrong.
   */
  isFailure?: (error: unknown) => boolean;
  registry?: Registry;
  logger?: Logger;
}

export interface CallOptions {
  /** This call's own timeout (an upload may take longer than a read). */
  timeoutMs?: number;
  /** Aborts the call from outside too (e.g. the client went away); not counted as a failure. */
  signal?: AbortSignal;
}

/**
 * One long-lived breaker around calls to one dependency (opossum underneath). Every call gets an
 * `AbortSignal` that fires on timeout, so the real request is cancelled, not merely abandoned.
 */
export interface CircuitBreaker {
  readonly name: string;
  run<T>(task: (signal: AbortSignal) => Promise<T>, options?: CallOptions): Promise<T>;
  state(): CircuitState;
  /** Seconds until an open breaker probes again (0 when not open). */
  retryAfterSec(): number;
  /** Called on every state change. */
  onStateChange(listener: (state: CircuitState) => void): void;
  /** Stops the rolling window timers (the breaker stays usable only until then). */
  shutdown(): void;
}

const STATE_VALUE: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

interface BreakerMetrics {
  state: Gauge<'breaker'>;
  calls: Counter<'breaker' | 'outcome'>;
  duration: Histogram<'breaker'>;
}

const metricsByRegistry = new WeakMap<Registry, BreakerMetrics>();

function breakerMetrics(registry: Registry): BreakerMetrics {
  let metrics = metricsByRegistry.get(registry);
  if (!metrics) {
    metrics = {
      state: new Gauge({ name: 'circuit_breaker_state', help: 'Breaker state: 0 closed, 1 half-open, 2 open', labelNames: ['breaker'], registers: [registry] }),
      calls: new Counter({
        name: 'circuit_breaker_calls_total',
        help: 'Calls through a breaker by outcome: success, failure, timeout, rejected (open), ignored (not a failure), aborted',
        labelNames: ['breaker', 'outcome'],
        registers: [registry],
      }),
      duration: new Histogram({
        name: 'circuit_breaker_call_duration_seconds',
        help: 'Time of calls that were tried',
        labelNames: ['breaker'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers: [registry],
      }),
    };
    metricsByRegistry.set(registry, metrics);
  }
  return metrics;
}

type Task = (signal: AbortSignal) => Promise<unknown>;

class CallAbortedError extends Error {
  constructor(readonly original: unknown) {
    super('call aborted by the caller');
  }
}

export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const { name, logger } = options;
  const resetTimeoutMs = options.resetTimeoutMs ?? 10_000;
  const isFailure = options.isFailure ?? (() => true);
  const metrics = options.registry ? breakerMetrics(options.registry) : undefined;
  const listeners: ((state: CircuitState) => void)[] = [];
  let openedAt = 0;

  // opossum's own timeout only stops waiting; ours aborts the call, so it stays off here.
  const breaker = new OpossumBreaker(
    (task: Task, signal: AbortSignal) => task(signal),
    {
      name,
      timeout: false,
      errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
      volumeThreshold: options.volumeThreshold ?? 5,
      resetTimeout: resetTimeoutMs,
      rollingCountTimeout: options.rollingWindowMs ?? 10_000,
      rollingCountBuckets: 10,
      // Latency percentiles and periodic snapshots keep and sort every call's latency in the
      // window; the Prometheus histogram already measures latency, so both are off.
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
      // true = "not a failure": the caller's mistakes and the caller's own aborts.
      errorFilter: (error: unknown) => error instanceof CallAbortedError || (!(error instanceof CallTimeoutError) && !isFailure(error)),
    },
  );

  const state = (): CircuitState => (breaker.opened ? 'open' : breaker.halfOpen ? 'half-open' : 'closed');
  const changed = () => {
    const now = state();
    metrics?.state.set({ breaker: name }, STATE_VALUE[now]);
    logger?.[now === 'closed' ? 'info' : 'warn'](`circuit ${now}`, { breaker: name });
    for (const listener of listeners) listener(now);
  };
  breaker.on('open', () => {
    openedAt = Date.now();
    changed();
  });
  breaker.on('halfOpen', changed);
  breaker.on('close', changed);
  metrics?.state.set({ breaker: name }, 0);

  const retryAfterSec = () => (breaker.opened ? Math.max(1, Math.ceil((openedAt + resetTimeoutMs - Date.now()) / 1000)) : 0);

  return {
    name,
    state,
    retryAfterSec,
    onStateChange: (listener) => void listeners.push(listener),
    shutdown: () => breaker.shutdown(),
    async run<T>(task: (signal: AbortSignal) => Promise<T>, call: CallOptions = {}): Promise<T> {
      const timeoutMs = call.timeoutMs ?? options.timeoutMs;
      const controller = new AbortController();
      const started = performance.now();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new CallTimeoutError(name, timeoutMs));
      }, timeoutMs);
      const onCallerAbort = () => controller.abort(call.signal?.reason);
      call.signal?.addEventListener('abort', onCallerAbort, { once: true });

      // Settles when the task does or when the signal fires, whichever is first: a task that
      // ignores its signal cannot hold the caller past the timeout.
      const guarded: Task = (signal) =>
        new Promise((resolve, reject) => {
          const onAbort = () => reject(timedOut ? signal.reason : new CallAbortedError(signal.reason));
          if (signal.aborted) return onAbort();
          signal.addEventListener('abort', onAbort, { once: true });
          task(signal).then(resolve, (error: unknown) => reject(timedOut ? new CallTimeoutError(name, timeoutMs) : error));
        });

      try {
        const result = (await breaker.fire(guarded, controller.signal)) as T;
        metrics?.calls.inc({ breaker: name, outcome: 'success' });
        return result;
      } catch (error) {
        if (OpossumBreaker.isOurError(error as Error) && (error as { code?: string }).code === 'EOPENBREAKER') {
          metrics?.calls.inc({ breaker: name, outcome: 'rejected' });
          throw new CircuitOpenError(name, retryAfterSec());
        }
        if (error instanceof CallAbortedError) {
          metrics?.calls.inc({ breaker: name, outcome: 'aborted' });
          throw error.original instanceof Error ? error.original : new Error('aborted');
        }
        const outcome = error instanceof CallTimeoutError ? 'timeout' : isFailure(error) ? 'failure' : 'ignored';
        metrics?.calls.inc({ breaker: name, outcome });
        throw error;
      } finally {
        clearTimeout(timer);
        call.signal?.removeEventListener('abort', onCallerAbort);
        if (!controller.signal.aborted || timedOut) metrics?.duration.observe({ breaker: name }, (performance.now() - started) / 1000);
      }
    },
  };
}
