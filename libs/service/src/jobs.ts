import type { Logger, Registry } from '@marquee/core';
import { withAdvisoryLock } from '@marquee/postgres';
import type pg from 'pg';
import { Counter, Histogram } from 'prom-client';
import type { Db } from './domain-platform';

/** What a job's function is given on each run. */
export interface JobContext {
  /** The service's pool (each statement commits on its own; use the platform's `transaction` for more). */
  db: Db;
  /** The service's logger, with the job's name on every line. */
  logger: Logger;
  /** Aborted when the service stops: a long job checks it between batches and returns. */
  signal: AbortSignal;
}

/** A periodic job of a service (see `every`). */
export interface Job {
  readonly name: string;
  readonly intervalMs: number;
  readonly run: (context: JobContext) => Promise<unknown>;
  /** The first run starts as soon as the service has started instead of an interval later. */
  readonly atStart: boolean;
}

export interface EveryOptions {
  /**
   * Run once as soon as the service has started (in the background, under the same lock), then
   * every interval: for work a fresh replica should not wait for, like a read model's backfill.
   */
  atStart?: boolean;
}

const JOB_NAME = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * A job that runs `fn` every `intervalMs` (counted from the end of the previous run, the first one
 * an interval after start, or at once with `atStart`) while the service runs. Across replicas only one runs a given job at a
 * time: each run first takes a PostgreSQL advisory lock named after the service and the job, on a
 * connection of its own, and a replica that does not get it skips that turn. A run that throws is
 * logged and counted, and the job runs again at its next turn.
 */
export function every(name: string, intervalMs: number, fn: (context: JobContext) => Promise<unknown>, options: EveryOptions = {}): Job {
  if (!JOB_NAME.test(name)) throw new Error(`job name "${name}" must be lower-case letters, digits, dots, dashes or underscores`);
  if (!Number.isInteger(intervalMs) || intervalMs < 1) throw new Error(`job ${name}: the interval must be a whole number of milliseconds, got ${intervalMs}`);
  return { name, intervalMs, run: fn, atStart: options.atStart ?? false };
}

export interface JobRunnerOptions {
  service: string;
  pool: pg.Pool;
  logger: Logger;
  registry: Registry;
}

type Outcome = 'ok' | 'failed' | 'skipped';

/** Runs a service's jobs on timers until `stop()`; see `every`. */
export class JobRunner {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private readonly runs: Counter<'job' | 'outcome'>;
  private readonly duration: Histogram<'job'>;
  private stopped = false;

  constructor(private readonly options: JobRunnerOptions) {
    const { registry } = options;
    this.runs =
      (registry.getSingleMetric('jobs_runs_total') as Counter<'job' | 'outcome'> | undefined) ??
      new Counter({ name: 'jobs_runs_total', help: 'Turns of periodic jobs, by outcome (skipped: another replica held the job)', labelNames: ['job', 'outcome'], registers: [registry] });
    this.duration =
      (registry.getSingleMetric('jobs_run_duration_seconds') as Histogram<'job'> | undefined) ??
      new Histogram({ name: 'jobs_run_duration_seconds', help: 'How long runs of periodic jobs took', labelNames: ['job'], registers: [registry] });
  }

  start(jobs: readonly Job[]): void {
    const names = new Set<string>();
    for (const job of jobs) {
      if (names.has(job.name)) throw new Error(`two jobs are named ${job.name}`);
      names.add(job.name);
    }
    for (const job of jobs) this.schedule(job, job.atStart ? 0 : job.intervalMs);
  }

  /** No new turn starts; a run in progress is told to stop (its signal) and awaited. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private schedule(job: Job, delayMs = job.intervalMs): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(job.name);
      const turn = this.turn(job).finally(() => {
        this.inFlight.delete(turn);
        this.schedule(job);
      });
      this.inFlight.add(turn);
    }, delayMs);
    // The timers alone never keep a process alive: the server and connections do, until stop.
    timer.unref();
    this.timers.set(job.name, timer);
  }

  private async turn(job: Job): Promise<void> {
    const { service, pool } = this.options;
    const logger = this.options.logger.child({ job: job.name });
    let outcome: Outcome = 'ok';
    try {
      const turn = await withAdvisoryLock(pool, `${service}:${job.name}`, 'try', async () => {
        const end = this.duration.startTimer({ job: job.name });
        try {
          await job.run({ db: pool, logger, signal: this.abort.signal });
        } catch (error) {
          // The job's own failure: counted and logged, and it runs again at its next turn.
          outcome = 'failed';
          logger.error('job failed', { error });
        } finally {
          end();
        }
      });
      if (!turn.acquired) {
        outcome = 'skipped';
        logger.debug('job skipped: another replica is running it');
      }
    } catch (error) {
      outcome = 'failed';
      logger.warn('job skipped: its lock could not be taken', { error });
    }
    this.count(job, outcome);
  }

  private count(job: Job, outcome: Outcome): void {
    this.runs.inc({ job: job.name, outcome });
  }
}
