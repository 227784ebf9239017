import net from 'node:net';
import type { Logger } from '@marquee/core';
import amqp, { type ChannelModel } from 'amqplib';

/** Backoff between connection attempts. */
export interface ReconnectOptions {
  /** Delay before the first retry (ms). Default 200. */
  initialDelayMs?: number;
  /** Upper bound of any delay (ms). Default 5000. */
  maxDelayMs?: number;
  /** Growth per attempt. Default 2. */
  factor?: number;
}

/**
 * Exponential backoff with "equal jitter": the delay for `attempt` (1-based) is drawn from
 * [base/2, base] where base = min(maxDelayMs, initialDelayMs × factor^(attempt−1)). It grows, never
 * exceeds the cap, and replicas that lost the broker together do not retry in lockstep.
 */
export function backoffDelay(attempt: number, options: ReconnectOptions = {}, random: () => number = Math.random): number {
  const { initialDelayMs = 200, maxDelayMs = 5_000, factor = 2 } = options;
  const base = Math.min(maxDelayMs, initialDelayMs * factor ** Math.max(0, attempt - 1));
  return Math.round(base / 2 + random() * (base / 2));
}

export interface ReconnectingConnectionOptions {
  url: string;
  socketOptions: Parameters<typeof amqp.connect>[1];
  logger: Logger;
  reconnect?: ReconnectOptions;
  /**
   * Runs on every new connection before it counts as connected: declare topology, open channels,
   * start consumers. If it throws, the connection is closed and the attempt retried.
   */
  setup: (model: ChannelModel) => Promise<void>;
  onConnect: (model: ChannelModel, reconnected: boolean) => void;
  onDisconnect: (error: Error | undefined) => void;
  onBlocked?: (blocked: boolean, reason?: string) => void;
}

const ignore = () => undefined;

/**
 * Closes a connection and waits until its socket is gone. amqplib resolves `close()` once the
 * broker answered, but only half-closes the socket; a caller that then exits (a test, a
 * SIGTERM) would still hold it. The socket is an amqplib internal, so this is guarded.
 */
async function closeModel(model: ChannelModel): Promise<void> {
  const socket = (model as unknown as { connection?: { stream?: unknown } }).connection?.stream;
  await model.close().catch(ignore);
  if (!(socket instanceof net.Socket) || socket.closed) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => socket.destroy(), 1_000);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** A connection that lived this long was healthy: the backoff after losing it starts over. */
const STABLE_AFTER_MS = 10_000;

/**
 * One AMQP connection that comes back. amqplib reports a lost connection with a `close` event
 * and leaves the rest to us (amqplib#25): on every close we reconnect with backoff and run
 * `setup` again, until `close()` is called.
 */
export class ReconnectingConnection {
  private model: ChannelModel | null = null;
  private started = false;
  private stopped = false;
  private connectedOnce = false;
  /** Consecutive failed attempts (and short-lived connections). */
  private attempt = 0;
  private connectedAt = 0;
  private loop: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private readonly waiters = new Set<{ resolve: () => void; reject: (error: Error) => void }>();
  /** The last reason a connection attempt failed or a connection was lost. */
  lastError: Error | null = null;

  constructor(private readonly options: ReconnectingConnectionOptions) {}

  get current(): ChannelModel | null {
    return this.model;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Starts connecting in the background (idempotent). */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.loop = this.run();
  }

  /** Resolves once connected; rejects after `timeoutMs` (with the last connection error) or on close. */
  waitForConnection(timeoutMs: number): Promise<void> {
    if (this.model) return Promise.resolve();
    if (this.stopped) return Promise.reject(new Error('The RabbitMQ connection is closed'));
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        const why = this.lastError ? `: ${this.lastError.message}` : '';
        waiter.reject(new Error(`Could not connect to RabbitMQ within ${timeoutMs} ms${why}`, { cause: this.lastError ?? undefined }));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /**
   * Drops the current connection so that everything is set up again from scratch (used when a
   * channel dies while its connection lives on). Ignored if `model` is no longer current.
   */
  recycle(model: ChannelModel, reason: string): void {
    if (this.model !== model || this.stopped) return;
    this.options.logger.warn('recycling the RabbitMQ connection', { reason });
    model.close().catch(ignore);
  }

  /** Stops reconnecting, waits for an attempt in progress, and closes the connection. */
  async close(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.wake?.();
    for (const waiter of [...this.waiters]) waiter.reject(new Error('The RabbitMQ connection was closed'));
    await this.loop;
    const model = this.model;
    this.model = null;
    if (model) await closeModel(model);
  }

  private async run(afterLoss = false): Promise<void> {
    const { logger } = this.options;
    if (afterLoss) {
      // Even the first retry waits a little: a broker that drops us right after accepting would
      // otherwise see a reconnect storm.
      this.attempt += 1;
      await this.sleep(backoffDelay(this.attempt, this.options.reconnect));
    }
    while (!this.stopped) {
      let model: ChannelModel | undefined;
      try {
        model = await amqp.connect(this.options.url, this.options.socketOptions);
        const opened = model;
        // Listeners first: amqplib throws from emit('error') when nobody listens.
        opened.on('error', (error: Error) => logger.warn('RabbitMQ connection error', { error: error.message }));
        opened.on('blocked', (reason: string) => this.options.onBlocked?.(true, reason));
        opened.on('unblocked', () => this.options.onBlocked?.(false));
        let closedDuringSetup: Error | undefined;
        const onEarlyClose = (error?: Error) => (closedDuringSetup = error ?? new Error('Connection closed during setup'));
        opened.once('close', onEarlyClose);
        if (!this.stopped) await this.options.setup(opened);
        opened.off('close', onEarlyClose);
        if (closedDuringSetup) throw closedDuringSetup;
        if (this.stopped) {
          await closeModel(opened);
          return;
        }
        this.attach(opened);
        return;
      } catch (error) {
        if (model) await closeModel(model);
        this.lastError = error instanceof Error ? error : new Error(String(error));
        if (this.stopped) return;
        this.attempt += 1;
        const delayMs = backoffDelay(this.attempt, this.options.reconnect);
        logger.warn('RabbitMQ connection attempt failed, retrying', { attempt: this.attempt, delay_ms: delayMs, error: this.lastError.message });
        await this.sleep(delayMs);
      }
    }
  }

  private attach(model: ChannelModel): void {
    const reconnected = this.connectedOnce;
    this.model = model;
    this.connectedOnce = true;
    this.connectedAt = Date.now();
    model.on('close', (error?: Error) => {
      if (this.model !== model) return;
      this.model = null;
      if (error) this.lastError = error;
      if (Date.now() - this.connectedAt >= STABLE_AFTER_MS) this.attempt = 0;
      this.options.onDisconnect(error);
      if (!this.stopped) this.loop = this.run(true);
    });
    for (const waiter of [...this.waiters]) waiter.resolve();
    this.options.onConnect(model, reconnected);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = null;
        resolve();
      };
      this.timer = setTimeout(() => {
        this.timer = null;
        this.wake?.();
      }, ms);
    });
  }
}
