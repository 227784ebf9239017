import { runWithContext, type Logger } from '@marquee/core';
import { IllegalOperationError, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { ConfirmPublisher } from './confirm-publisher';
import type { MessagingMetrics } from './messaging-metrics';
import { failedCopy } from './parking';
import { attemptsSoFar, decideFailure, InvalidMessageError, originalRoutingKey, retryDelaysInUse } from './retry-policy';
import { assertMainQueue, assertRetryQueues, type QueueNames } from './topology';

/** What a handler receives. */
export interface ConsumedMessage {
  /** The parsed JSON body. Validate it before use (it is whatever the producer sent). */
  body: unknown;
  /** The routing key the producer used (kept across retries), or the queue name for work jobs. */
  routingKey: string;
  messageId: string | undefined;
  correlationId: string | undefined;
  /** AMQP headers, including `x-attempts` and `x-original-routing-key` on a retry. */
  headers: Record<string, unknown>;
  /** 1 on the first delivery, n on the n-th attempt after n−1 failures. */
  attempt: number;
  /** True when the broker delivers it again because an earlier delivery was never acked. */
  redelivered: boolean;
}

/**
 * Handles one message. Resolve only once its effect is committed: the message is acked after.
 * Throw to retry later; throw an error with `permanent: true` (or a 4xx `AppError`) to park it
 * at once.
 */
export type MessageHandler = (message: ConsumedMessage) => Promise<void>;

/** A consumer of one queue. */
export interface ConsumeOptions {
  /**
   * Logical name: the consuming service for event queues (`tickets` → `<prefix>tickets.events`),
   * or the work queue itself with `exchangeless` (`videos.process` → `<prefix>videos.process`).
   */
  queue: string;
  /** Routing keys or patterns (`ticket.*`, `payment.#`) bound from the events exchange. */
  bindings: string[];
  handler: MessageHandler;
  /** Unacked messages (and so concurrent handlers) at a time. Default 10. */
  prefetch?: number;
  /** Attempts before a message is parked. Default 5. */
  maxAttempts?: number;
  /** Delay before attempt 2, 3, …; the last one repeats. Default [1000, 5000, 30000, 120000]. */
  retryDelaysMs?: readonly number[];
  /** A plain work queue fed by `sendToQueue`, not bound to the events exchange. */
  exchangeless?: boolean;
}

/** Unacked messages per consumer unless `prefetch` says otherwise. */
export const DEFAULT_PREFETCH = 10;
/** Attempts before parking unless `maxAttempts` says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 5;
/** Delays before attempts 2–5 unless `retryDelaysMs` says otherwise. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 30_000, 120_000];

interface QueueConsumerDeps {
  exchange: string;
  logger: Logger;
  metrics: MessagingMetrics;
  /** How long to wait for the broker to confirm a copy sent to a retry or parking queue. */
  confirmTimeoutMs: number;
  /** Called when the consumer's channel or subscription dies while its connection is still up. */
  onLost: (model: ChannelModel, reason: string) => void;
}

const ignore = () => undefined;

/**
 * One queue's consumer. `attach` (re)builds its channel, queues, bindings and subscription on a
 * connection; each delivery is handled concurrently (up to `prefetch`), acked after the handler
 * resolves, or copied to a retry or parking queue and then acked, so a failing message never
 * holds up the ones behind it.
 */
export class QueueConsumer {
  private channel: ConfirmChannel | null = null;
  private consumerTag: string | null = null;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly prefetch: number;
  private readonly maxAttempts: number;
  private readonly retryDelaysMs: readonly number[];
  private readonly log: Logger;

  constructor(
    readonly options: ConsumeOptions,
    readonly names: QueueNames,
    private readonly deps: QueueConsumerDeps,
  ) {
    this.prefetch = options.prefetch ?? DEFAULT_PREFETCH;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    if (!Number.isInteger(this.prefetch) || this.prefetch < 1) throw new Error('prefetch must be a positive integer');
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) throw new Error('maxAttempts must be a positive integer');
    if (this.retryDelaysMs.length === 0 || this.retryDelaysMs.some((d) => !Number.isInteger(d) || d <= 0)) {
      throw new Error('retryDelaysMs must be a non-empty list of positive integers');
    }
    if (options.exchangeless && options.bindings.length > 0) throw new Error('an exchangeless queue has no bindings');
    this.log = deps.logger.child({ queue: names.main });
  }

  get running(): boolean {
    return this.channel !== null && this.consumerTag !== null;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Names of every queue this consumer declares. */
  declaredQueues(): string[] {
    return [this.names.main, this.names.parking, ...retryDelaysInUse(this.maxAttempts, this.retryDelaysMs).map((d) => this.names.retry(d))];
  }

  /** Declares the queues and bindings on `model` and starts consuming. */
  async attach(model: ChannelModel): Promise<void> {
    if (this.stopped) return;
    const channel = await model.createConfirmChannel();
    channel.on('error', (error: Error) => this.log.warn('consumer channel error', { error: error.message }));
    try {
      await channel.prefetch(this.prefetch);
      await assertMainQueue(channel, this.names);
      await assertRetryQueues(channel, this.names, retryDelaysInUse(this.maxAttempts, this.retryDelaysMs));
      for (const pattern of this.options.bindings) await channel.bindQueue(this.names.main, this.deps.exchange, pattern);
      const publisher = new ConfirmPublisher(channel);
      channel.on('close', () => {
        if (this.channel !== channel) return;
        this.channel = null;
        this.consumerTag = null;
        if (!this.stopped) this.deps.onLost(model, `the consumer channel of ${this.names.main} closed`);
      });
      const { consumerTag } = await channel.consume(this.names.main, (message) => this.onDelivery(model, channel, publisher, message), { noAck: false });
      this.channel = channel;
      this.consumerTag = consumerTag;
    } catch (error) {
      await channel.close().catch(ignore);
      throw error;
    }
  }

  /** Stops taking new messages; handlers already running carry on (see `drain`). */
  async stop(): Promise<void> {
    this.stopped = true;
    const { channel, consumerTag } = this;
    if (channel && consumerTag) await channel.cancel(consumerTag).catch(ignore);
  }

  /** Resolves when no handler is running. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Closes the channel (after `stop` and `drain`). */
  async close(): Promise<void> {
    this.stopped = true;
    const channel = this.channel;
    this.channel = null;
    this.consumerTag = null;
    if (channel) await channel.close().catch(ignore);
  }

  private onDelivery(model: ChannelModel, channel: ConfirmChannel, publisher: ConfirmPublisher, message: ConsumeMessage | null): void {
    if (message === null) {
      // RabbitMQ cancelled the subscription (the queue was deleted, or a node went down).
      this.log.warn('RabbitMQ cancelled the consumer');
      if (this.channel === channel && !this.stopped) this.deps.onLost(model, `RabbitMQ cancelled the consumer of ${this.names.main}`);
      return;
    }
    const queue = this.names.logical;
    this.deps.metrics.inFlight.inc({ queue });
    const work = this.handle(channel, publisher, message).finally(() => {
      this.inFlight.delete(work);
      this.deps.metrics.inFlight.dec({ queue });
    });
    this.inFlight.add(work);
  }

  private async handle(channel: ConfirmChannel, publisher: ConfirmPublisher, message: ConsumeMessage): Promise<void> {
    const headers = (message.properties.headers ?? {}) as Record<string, unknown>;
    const attempt = attemptsSoFar(headers) + 1;
    const routingKey = originalRoutingKey(headers, message.fields.routingKey);
    const messageId = typeof message.properties.messageId === 'string' ? message.properties.messageId : undefined;
    const correlationId = typeof message.properties.correlationId === 'string' ? message.properties.correlationId : undefined;
    const requestId = typeof headers['x-request-id'] === 'string' ? headers['x-request-id'] : undefined;
    this.deps.metrics.consumed.inc({ queue: this.names.logical });
    try {
      const body = parseBody(message);
      await runWithContext({ correlationId, requestId }, () =>
        this.options.handler({ body, routingKey, messageId, correlationId, headers, attempt, redelivered: message.fields.redelivered }),
      );
    } catch (error) {
      await runWithContext({ correlationId, requestId }, () => this.fail(channel, publisher, message, error, attempt, routingKey));
      return;
    }
    if (this.settle(() => channel.ack(message))) this.deps.metrics.acked.inc({ queue: this.names.logical });
  }

  /** Copies the message to a retry or parking queue, waits for the broker's confirm, then acks. */
  private async fail(channel: ConfirmChannel, publisher: ConfirmPublisher, message: ConsumeMessage, error: unknown, attempt: number, routingKey: string): Promise<void> {
    const decision = decideFailure(error, attempt, this.maxAttempts, this.retryDelaysMs);
    const errorText = error instanceof Error ? error.message : String(error);
    const copy = failedCopy(message, this.names, decision, { error, attempt, routingKey });
    try {
      await publisher.publish('', copy.queue, message.content, copy.options, this.deps.confirmTimeoutMs);
    } catch (publishFailure) {
      if (!publisher.isOpen) {
        this.log.warn('channel closed before a failed message was moved; RabbitMQ will deliver it again', { routing_key: routingKey, error: errorText });
        return;
      }
      this.log.error('could not move a failed message; returning it to the queue', { routing_key: routingKey, target: copy.queue, error: errorText, publish_error: (publishFailure as Error).message });
      this.settle(() => channel.nack(message, false, true));
      return;
    }
    if (!this.settle(() => channel.ack(message))) return;
    const context = { routing_key: routingKey, message_id: copy.options.messageId, attempt };
    if (decision.action === 'retry') {
      this.deps.metrics.retried.inc({ queue: this.names.logical });
      this.log.warn('message handler failed; retrying later', { ...context, delay_ms: decision.delayMs, error: errorText });
    } else {
      this.deps.metrics.parked.inc({ queue: this.names.logical, reason: decision.reason });
      this.log.error('message handler failed; message parked', { ...context, reason: decision.reason, error: errorText, stack: error instanceof Error ? error.stack : undefined });
    }
  }

  /** Acks or nacks; false when the channel is gone (the broker will deliver the message again). */
  private settle(action: () => void): boolean {
    try {
      action();
      return true;
    } catch (error) {
      if (error instanceof IllegalOperationError) return false;
      throw error;
    }
  }
}

function parseBody(message: ConsumeMessage): unknown {
  const type = message.properties.contentType;
  if (type !== undefined && type !== null && !/^application\/([\w.+-]+\+)?json\b/i.test(String(type))) {
    throw new InvalidMessageError(`Unsupported content type "${String(type)}"`);
  }
  try {
    return JSON.parse(message.content.toString('utf8'));
  } catch (error) {
    throw new InvalidMessageError('The message body is not valid JSON', { cause: error });
  }
}
