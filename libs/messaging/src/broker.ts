// The broker: one connection, its publish channel, and the consumers and work queues that live on
// it. The pieces are elsewhere: publishing.ts (message properties, confirms), queue-consumer.ts
// (consuming, retries), work-queues.ts (declaring job queues), parking.ts (failed messages and
// operator re-drive), reconnecting-connection.ts and topology.ts.
import { randomUUID } from 'node:crypto';
import type { Logger, Registry } from '@marquee/core';
import type { ChannelModel, ConfirmChannel } from 'amqplib';
import { ConfirmPublisher, publishError, type PublishFailureReason } from './confirm-publisher';
import { createMessagingMetrics, type MessagingMetrics } from './messaging-metrics';
import { countParked, redriveParked } from './parking';
import { DEFAULT_PUBLISH_TIMEOUT_MS, publishJson, type PublishOptions, type SendOptions } from './publishing';
import { QueueConsumer, type ConsumeOptions } from './queue-consumer';
import { ReconnectingConnection, type ReconnectOptions } from './reconnecting-connection';
import { assertExchanges, exchangeNames, queueNames, type ExchangeNames, type QueueNames } from './topology';
import { WorkQueues } from './work-queues';

export interface BrokerOptions {
  /** `amqp://user:pass@host:5672/vhost`. */
  url: string;
  /** The topic exchange for domain events, before `prefix`. Default `marquee.events`. */
  exchange?: string;
  /** Put in front of every exchange and queue name (tests give each file its own). Default ''. */
  prefix?: string;
  logger: Logger;
  /** Where to register the messaging metrics. */
  registry?: Registry;
  /** AMQP heartbeat; a silent peer is detected after about twice this. Default 30; 0 disables. */
  heartbeatSeconds?: number;
  /** Shown in the RabbitMQ management UI and as the `appId` of published messages. */
  connectionName?: string;
  /** Limit of one connection attempt (TCP + AMQP handshake). Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** Backoff between connection attempts. Default 200 ms doubling up to 5 s, with jitter. */
  reconnect?: ReconnectOptions;
}

export interface StartOptions {
  /** Give up (and close the broker) if not connected within this. Default 30 000 ms. */
  timeoutMs?: number;
  /**
   * `false`: resolve at once and keep connecting in the background (the process serves, `/ready`
   * says no, publishes reject fast, the outbox keeps rows until the broker is back). Default true.
   */
  wait?: boolean;
}

export interface CloseOptions {
  /** How long to wait for running handlers and pending publishes. Default 30 000 ms. */
  timeoutMs?: number;
}

/** A queue by its logical name; `exchangeless` for a work queue. */
export interface QueueRef {
  queue: string;
  exchangeless?: boolean;
}

export type BrokerState = 'idle' | 'connecting' | 'connected' | 'closing' | 'closed';

/** For `/ready`. */
export interface BrokerStatus {
  ok: boolean;
  state: BrokerState;
  /** RabbitMQ blocked publishing (memory or disk alarm). */
  blocked: boolean;
  /** Why the last connection attempt failed or the last connection was lost. */
  error?: string;
}

/** Every exchange and queue a broker has declared (for cleanup and operators). */
export interface DeclaredNames {
  exchanges: string[];
  queues: string[];
}

/**
 * One RabbitMQ connection with a confirm channel for publishing and one channel per consumer. It
 * reconnects on its own, declares the topology again and restarts every consumer.
 */
export interface Broker {
  /** The real (prefixed) names of the events exchange and its unroutable exchange and queue. */
  readonly exchanges: ExchangeNames;
  /** Connects (see `StartOptions`). Consumers may be registered before or after. */
  start(options?: StartOptions): Promise<void>;
  /** True while connected with an open publish channel. */
  isConnected(): boolean;
  /** Connection status for a `/ready` check; `ok` when connected and not blocked. */
  ready(): Promise<BrokerStatus>;
  /**
   * Publishes an event to the events exchange: persistent, mandatory, JSON, with publisher
   * confirm. Resolves when RabbitMQ has taken it; rejects (an `AppError`, `details.reason` one
   * of `PublishFailureReason`) at once when not connected, or on nack, return, channel loss or
   * timeout. Events nobody is bound to yet land in the unroutable queue, not in a return.
   */
  publish(routingKey: string, body: object, options: PublishOptions): Promise<void>;
  /**
   * Sends a job to a work queue (`videos.process` → `<prefix>videos.process`), declaring the
   * queue (and its parking queue) first if needed. Same guarantees as `publish`.
   */
  sendToQueue(queue: string, body: object, options?: SendOptions): Promise<void>;
  /**
   * Registers a consumer. Connected: declares its queues and bindings and starts it before
   * resolving (rejects, leaving nothing registered, if that fails). Not connected yet: it starts
   * with the connection. Either way it is restarted after every reconnect.
   */
  consume(options: ConsumeOptions): Promise<void>;
  /** Messages waiting in a consumer's parking queue. */
  countParked(queue: string | QueueRef): Promise<number>;
  /**
   * Moves up to `limit` parked messages (default: those parked now) back to the main queue with
   * fresh attempts, keeping their original routing key. Returns how many were moved.
   */
  redriveParked(queue: string | QueueRef, limit?: number): Promise<number>;
  /** Every exchange and queue this broker has declared. */
  declaredNames(): DeclaredNames;
  /**
   * Cancels every consumer: no new message is delivered, handlers already running carry on, and
   * publishing still works. A stopping service calls it first, so it takes no new work while its
   * jobs and handlers finish; `close` does the rest.
   */
  stopConsuming(): Promise<void>;
  /**
   * Cancels every consumer, waits for running handlers and pending publishes (up to
   * `timeoutMs`), then closes channels and connection. No reconnect afterwards.
   */
  close(options?: CloseOptions): Promise<void>;
}

const ignore = () => undefined;

/** Creates a broker; nothing connects until `start()`. */
export function createBroker(options: BrokerOptions): Broker {
  return new RabbitBroker(options);
}

function withHeartbeat(url: string, heartbeatSeconds: number | undefined): string {
  if (heartbeatSeconds === undefined) return url;
  const parsed = new URL(url);
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', String(heartbeatSeconds));
  return parsed.toString();
}

class RabbitBroker implements Broker {
  readonly exchanges: ExchangeNames;
  private readonly prefix: string;
  private readonly logger: Logger;
  private readonly metrics: MessagingMetrics;
  private readonly connection: ReconnectingConnection;
  private readonly consumers = new Map<string, QueueConsumer>();
  private readonly workQueues: WorkQueues;
  private publisher: ConfirmPublisher | null = null;
  private blocked = false;
  private started = false;
  private closing: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly options: BrokerOptions) {
    this.prefix = options.prefix ?? '';
    this.exchanges = exchangeNames(this.prefix, options.exchange ?? 'marquee.events');
    this.logger = options.logger.child({ component: 'messaging' });
    this.metrics = createMessagingMetrics(options.registry);
    this.workQueues = new WorkQueues(this.prefix, (fn) => this.withChannel(fn));
    this.connection = new ReconnectingConnection({
      url: withHeartbeat(options.url, options.heartbeatSeconds ?? 30),
      socketOptions: {
        timeout: options.connectTimeoutMs ?? 10_000,
        noDelay: true,
        keepAlive: true,
        clientProperties: options.connectionName ? { connection_name: options.connectionName } : {},
      },
      logger: this.logger,
      reconnect: options.reconnect,
      setup: (model) => this.setup(model),
      onConnect: (model, reconnected) => this.onConnect(model, reconnected),
      onDisconnect: (error) => this.onDisconnect(error),
      onBlocked: (blocked, reason) => {
        this.blocked = blocked;
        this.logger.warn(blocked ? 'RabbitMQ blocked publishing' : 'RabbitMQ unblocked publishing', { reason });
      },
    });
  }

  async start({ timeoutMs = 30_000, wait = true }: StartOptions = {}): Promise<void> {
    if (this.closing) throw new Error('The broker is closed');
    this.started = true;
    this.connection.start();
    if (!wait) return;
    try {
      await this.connection.waitForConnection(timeoutMs);
    } catch (error) {
      await this.close({ timeoutMs: 0 });
      throw error;
    }
  }

  isConnected(): boolean {
    return this.connection.current !== null && this.publisher !== null && this.publisher.isOpen;
  }

  private get state(): BrokerState {
    if (this.closed) return 'closed';
    if (this.closing) return 'closing';
    if (!this.started) return 'idle';
    return this.isConnected() ? 'connected' : 'connecting';
  }

  async ready(): Promise<BrokerStatus> {
    const state = this.state;
    const error = this.connection.lastError?.message;
    return { ok: state === 'connected' && !this.blocked, state, blocked: this.blocked, ...(error && state !== 'connected' ? { error } : {}) };
  }

  publish(routingKey: string, body: object, options: PublishOptions): Promise<void> {
    return this.send(this.exchanges.events, routingKey, body, { ...options, type: options.type ?? routingKey });
  }

  async sendToQueue(queue: string, body: object, options: SendOptions = {}): Promise<void> {
    const names = this.workQueues.names(queue);
    const model = this.connection.current;
    if (!model || !this.isConnected()) throw this.unavailable('not_connected');
    await this.workQueues.ensure(model, names, this.consumers.get(names.main)?.running ?? false);
    await this.send('', names.main, body, { ...options, messageId: options.messageId ?? randomUUID(), type: options.type ?? queue });
  }

  async consume(options: ConsumeOptions): Promise<void> {
    if (this.closing) throw new Error('The broker is closed');
    const names = queueNames(this.prefix, options.queue, options.exchangeless ?? false);
    if (this.consumers.has(names.main)) throw new Error(`Queue ${names.main} already has a consumer on this broker`);
    const consumer = new QueueConsumer(options, names, {
      exchange: this.exchanges.events,
      logger: this.logger,
      metrics: this.metrics,
      confirmTimeoutMs: DEFAULT_PUBLISH_TIMEOUT_MS,
      onLost: (model, reason) => setImmediate(() => this.connection.recycle(model, reason)),
    });
    this.consumers.set(names.main, consumer);
    const model = this.connection.current;
    if (!model) return;
    try {
      await consumer.attach(model);
    } catch (error) {
      this.consumers.delete(names.main);
      await consumer.close();
      throw error;
    }
  }

  async countParked(queue: string | QueueRef): Promise<number> {
    const names = this.resolve(queue);
    return this.withChannel((channel) => countParked(channel, names));
  }

  async redriveParked(queue: string | QueueRef, limit?: number): Promise<number> {
    const names = this.resolve(queue);
    return this.withChannel((channel, publisher) =>
      redriveParked(channel, publisher, names, { limit, confirmTimeoutMs: DEFAULT_PUBLISH_TIMEOUT_MS, logger: this.logger }),
    );
  }

  declaredNames(): DeclaredNames {
    const queues = new Set<string>([this.exchanges.unroutable]);
    for (const consumer of this.consumers.values()) consumer.declaredQueues().forEach((q) => queues.add(q));
    this.workQueues.declaredQueues().forEach((q) => queues.add(q));
    return { exchanges: [this.exchanges.events, this.exchanges.unroutable], queues: [...queues] };
  }

  async stopConsuming(): Promise<void> {
    await Promise.all([...this.consumers.values()].map((consumer) => consumer.stop()));
  }

  close(options: CloseOptions = {}): Promise<void> {
    this.closing ??= this.shutdown(options.timeoutMs ?? 30_000);
    return this.closing;
  }

  private async shutdown(timeoutMs: number): Promise<void> {
    const consumers = [...this.consumers.values()];
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    const pending = [...consumers.map((consumer) => consumer.drain()), ...[...(this.publisher?.pending ?? [])].map((p) => p.catch(ignore))];
    const running = consumers.reduce((sum, consumer) => sum + consumer.inFlightCount, 0);
    if (running > 0) this.logger.info('waiting for message handlers to finish', { count: running });
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      Promise.all(pending).then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (!drained) this.logger.warn('closing with message handlers still running; their messages will be delivered again', { timeout_ms: timeoutMs });
    await Promise.all(consumers.map((consumer) => consumer.close()));
    this.publisher = null;
    await this.connection.close();
    this.closed = true;
    this.metrics.connected.set(0);
  }

  /** Runs on each new connection before it is reported connected. */
  private async setup(model: ChannelModel): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', (error: Error) => this.logger.warn('topology channel error', { error: error.message }));
    try {
      await assertExchanges(channel, this.exchanges);
    } finally {
      await channel.close().catch(ignore);
    }
    const confirm = await model.createConfirmChannel();
    confirm.on('error', (error: Error) => this.logger.warn('publish channel error', { error: error.message }));
    const publisher = new ConfirmPublisher(confirm);
    confirm.on('close', () => {
      if (this.publisher !== publisher) return;
      this.publisher = null;
      setImmediate(() => this.connection.recycle(model, 'the publish channel closed'));
    });
    this.publisher = publisher;
    // A Map iterator also visits consumers registered while this loop awaits.
    for (const consumer of this.consumers.values()) await consumer.attach(model);
  }

  private onConnect(model: ChannelModel, reconnected: boolean): void {
    this.metrics.connected.set(1);
    if (reconnected) this.metrics.reconnects.inc();
    this.blocked = false;
    this.logger.info(reconnected ? 'reconnected to RabbitMQ' : 'connected to RabbitMQ', { consumers: this.consumers.size });
    // A consumer registered between the end of setup and now would otherwise wait for the next reconnect.
    for (const consumer of this.consumers.values()) {
      if (!consumer.running) {
        consumer.attach(model).catch((error: Error) => {
          this.logger.error('could not start a consumer', { queue: consumer.names.main, error: error.message });
          this.connection.recycle(model, `starting the consumer of ${consumer.names.main} failed`);
        });
      }
    }
  }

  private onDisconnect(error: Error | undefined): void {
    this.metrics.connected.set(0);
    this.publisher = null;
    if (this.closing) return;
    this.logger.warn('lost the RabbitMQ connection; reconnecting', { error: error?.message });
  }

  private unavailable(reason: PublishFailureReason | 'blocked'): Error {
    if (reason === 'blocked') return publishError('not_connected', 'RabbitMQ is blocking publishers (resource alarm)');
    return publishError('not_connected', this.closed ? 'The broker is closed' : 'Not connected to RabbitMQ');
  }

  private async send(exchange: string, routingKey: string, body: object, options: PublishOptions): Promise<void> {
    // Publishing stays possible while close() drains handlers, until the connection goes.
    const publisher = this.publisher;
    if (this.closed || !publisher || !publisher.isOpen || !this.connection.current) {
      this.metrics.published.inc({ outcome: 'not_connected' });
      throw this.unavailable('not_connected');
    }
    if (this.blocked) {
      this.metrics.published.inc({ outcome: 'blocked' });
      throw this.unavailable('blocked');
    }
    await publishJson(publisher, this.metrics, { exchange, routingKey }, body, options, this.options.connectionName);
  }

  private resolve(queue: string | QueueRef): QueueNames {
    const ref = typeof queue === 'string' ? { queue } : queue;
    if (ref.exchangeless === undefined) {
      for (const consumer of this.consumers.values()) if (consumer.names.logical === ref.queue) return consumer.names;
    }
    return queueNames(this.prefix, ref.queue, ref.exchangeless ?? false);
  }

  /** A short-lived confirm channel, so a failed check (404) does not close a channel in use. */
  private async withChannel<T>(fn: (channel: ConfirmChannel, publisher: ConfirmPublisher) => Promise<T>): Promise<T> {
    const model = this.connection.current;
    if (!model) throw this.unavailable('not_connected');
    const channel = await model.createConfirmChannel();
    let failure: Error | undefined;
    channel.on('error', (error: Error) => (failure = error));
    try {
      return await fn(channel, new ConfirmPublisher(channel));
    } catch (error) {
      throw failure ?? error;
    } finally {
      await channel.close().catch(ignore);
    }
  }
}
