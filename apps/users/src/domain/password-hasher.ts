import { Worker } from 'node:worker_threads';

/**
 * bcryptjs is pure JavaScript: a cost-12 hash blocks its thread for ~200 ms. Hashing and comparing
 * run in a small pool of worker threads so a burst of logins never stalls other requests.
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
    parentPort.postMessage({ id: task.id, result });
  } catch (error) {
    parentPort.postMessage({ id: task.id, error: String(error && error.message || error) });
  }
});
`;

type Task = { id: number; op: 'hash'; password: string; cost: number } | { id: number; op: 'compare'; password: string; hash: string };
interface Pending {
  resolve: (value: string | boolean) => void;
  reject: (error: Error) => void;
}
interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

export const MAX_PASSWORD_BYTES = 72;

export class PasswordHasher {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly cost: number,
    size: number,
  ) {
    const bcryptPath = require.resolve('bcryptjs');
    for (let i = 0; i < size; i += 1) {
      const worker = new Worker(WORKER_CODE, { eval: true, workerData: { bcryptPath } });
      const slot: Slot = { worker, pending: new Map() };
      worker.on('message', (message: { id: number; result?: string | boolean; error?: string }) => {
        const pending = slot.pending.get(message.id);
        if (!pending) return;
        slot.pending.delete(message.id);
        if (message.error !== undefined) pending.reject(new Error(`bcrypt: ${message.error}`));
        else pending.resolve(message.result as string | boolean);
      });
      worker.on('error', (error) => this.failAll(slot, error));
      worker.on('exit', (code) => this.failAll(slot, new Error(`password worker exited (${code})`)));
      this.slots.push(slot);
    }
  }

  hash(password: string): Promise<string> {
    return this.run({ id: this.nextId++, op: 'hash', password, cost: this.cost }) as Promise<string>;
  }

  compare(password: string, hash: string): Promise<boolean> {
    return this.run({ id: this.nextId++, op: 'compare', password, hash }) as Promise<boolean>;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private run(task: Task): Promise<string | boolean> {
    if (this.closed) return Promise.reject(new Error('the password hasher is closed'));
    // The least busy worker takes the task.
    const slot = this.slots.reduce((best, s) => (s.pending.size < best.pending.size ? s : best));
    return new Promise((resolve, reject) => {
      slot.pending.set(task.id, { resolve, reject });
      slot.worker.postMessage(task);
    });
  }

  private failAll(slot: Slot, error: Error): void {
    for (const pending of slot.pending.values()) pending.reject(error);
    slot.pending.clear();
  }
}
