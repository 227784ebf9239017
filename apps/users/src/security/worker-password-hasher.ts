import { Worker } from 'node:worker_threads';
import { AppError } from '@marquee/core';
import { ErrorCode } from '@marquee/contracts';
import type { PasswordHasher } from '../domain/password-hasher';

/**
 * bcryptjs is pure JavaScript: a cost-12 hash blocks its thread for ~200–400 ms. Hashing and
 * comparing run in a small pool of worker threads so a burst of logins never stalls other requests,
 * and the tasks waiting for a worker are bounded: past `queueMax` a task is refused at once (503),
 * so a flood of sign-ins cannot make every sign-in wait for seconds.
 *
 * The worker is plain JavaScript evaluated from a string (Jest does not transpile worker files, and
 * tsx does not either for `new Worker(path)` in every setup); it loads bcryptjs by absolute path.
 */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcryptPath);
parentPort.on('message', async (task) => {
  try {
    const result = task.op === 'hash'
      ? await bcrypt.hash(task.password, task.cost)
      : await bcrypt.compare(task.password, task.hash);
    parentPort.postMessage({ result });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
});
`;

type Task = { op: 'hash'; password: string; cost: number } | { op: 'compare'; password: string; hash: string };
interface Job {
  task: Task;
  resolve: (value: string | boolean) => void;
  reject: (error: Error) => void;
}
interface Slot {
  worker: Worker;
  /** The job this worker is running; each worker runs one at a time, the rest wait in the queue. */
  current?: Job & { startedAt: number };
}

/** Refused because every worker is busy and the queue is full: a 503 with `Retry-After`. */
export class HasherBusyError extends AppError {
  constructor(retryAfterSec: number) {
    super(ErrorCode.SERVICE_BUSY, 'Too many passwords are being checked right now; try again shortly', {
      status: 503,
      headers: { 'Retry-After': String(retryAfterSec) },
    });
  }
}

export class WorkerPasswordHasher implements PasswordHasher {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  /** Sign-ins from known devices: dispatched before `queue`, bounded by `queueMax` too. */
  private readonly priorityQueue: Job[] = [];
  private readonly bcryptPath = require.resolve('bcryptjs');
  private closed = false;
  /** Running average of one task's duration, for Retry-After. */
  private averageMs = 250;

  /**
   * @param cost bcrypt cost of new hashes
   * @param size worker threads
   * @param queueMax tasks that may wait for a worker (besides one running on each); more are refused
   */
  constructor(
    private readonly cost: number,
    size: number,
    private readonly queueMax = Number.POSITIVE_INFINITY,
  ) {
    // A slot is filled by startWorker and kept when its worker is replaced.
    for (let i = 0; i < size; i += 1) this.slots.push(this.startWorker({} as Slot));
  }

  hash(password: string): Promise<string> {
    return this.run({ op: 'hash', password, cost: this.cost }) as Promise<string>;
  }

  compare(password: string, hash: string, priority = false): Promise<boolean> {
    return this.run({ op: 'compare', password, hash }, priority) as Promise<boolean>;
  }

  /** Throws `HasherBusyError` when a task given now would be refused: a caller can refuse before doing other work. */
  assertRoom(priority = false): void {
    if (this.slots.some((slot) => !slot.current) || this.lane(priority).length < this.queueMax) return;
    throw new HasherBusyError(this.retryAfterSec());
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of [...this.priorityQueue.splice(0), ...this.queue.splice(0)]) job.reject(new Error('the password hasher is closed'));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private run(task: Task, priority = false): Promise<string | boolean> {
    if (this.closed) return Promise.reject(new Error('the password hasher is closed'));
    return new Promise((resolve, reject) => {
      const job: Job = { task, resolve, reject };
      const idle = this.slots.find((slot) => !slot.current);
      const lane = this.lane(priority);
      if (idle) this.dispatch(idle, job);
      else if (lane.length < this.queueMax) lane.push(job);
      else reject(new HasherBusyError(this.retryAfterSec()));
    });
  }

  private lane(priority: boolean): Job[] {
    return priority ? this.priorityQueue : this.queue;
  }

  /** The next job for a free worker: known devices' first. */
  private next(): Job | undefined {
    return this.priorityQueue.shift() ?? this.queue.shift();
  }

  /** About when a slot will be free: everything queued and running, shared by the workers. */
  private retryAfterSec(): number {
    const ahead = this.queue.length + this.priorityQueue.length + this.slots.length;
    return Math.max(1, Math.ceil((ahead * this.averageMs) / this.slots.length / 1000));
  }

  private dispatch(slot: Slot, job: Job): void {
    slot.current = { ...job, startedAt: performance.now() };
    slot.worker.postMessage(job.task);
  }

  private finish(slot: Slot, settle: (job: Job) => void): void {
    const job = slot.current;
    slot.current = undefined;
    if (job) {
      this.averageMs = this.averageMs * 0.8 + (performance.now() - job.startedAt) * 0.2;
      settle(job);
    }
    const next = this.next();
    if (next) this.dispatch(slot, next);
  }

  private startWorker(slot: Slot): Slot {
    const worker = new Worker(WORKER_CODE, { eval: true, workerData: { bcryptPath: this.bcryptPath } });
    slot.worker = worker;
    worker.on('message', (message: { result?: string | boolean; error?: string }) => {
      this.finish(slot, (job) => {
        if (message.error !== undefined) job.reject(new Error(`bcrypt: ${message.error}`));
        else job.resolve(message.result as string | boolean);
      });
    });
    worker.on('error', (error) => {
      const job = slot.current;
      slot.current = undefined;
      job?.reject(error);
    });
    worker.on('exit', (code) => {
      const job = slot.current;
      slot.current = undefined;
      job?.reject(new Error(`password worker exited (${code})`));
      if (this.closed) return;
      // A crashed thread is replaced, or the pool would shrink until every task waits forever.
      this.startWorker(slot);
      const next = this.next();
      if (next) this.dispatch(slot, next);
    });
    return slot;
  }
}
