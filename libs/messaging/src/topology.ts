import type { Channel } from 'amqplib';

/**
 * Redeliveries (a consumer crashed or its channel closed before it acked) after which a quorum
 * queue dead-letters a message to its parking queue by itself. It guards against a message that
 * kills the process before the handler can fail cleanly; normal failures are counted by
 * `x-attempts` and parked by the consumer long before this.
 */
export const DELIVERY_LIMIT = 20;

/** Names of the exchanges every broker declares. */
export interface ExchangeNames {
  /** The durable topic exchange domain events are published to. */
  events: string;
  /** Fanout alternate exchange (and queue of the same name) that keeps events nobody binds yet. */
  unroutable: string;
}

/** Names of one consumer's queues. */
export interface QueueNames {
  /** The logical name given to `consume()` (`tickets`, `videos.process`). */
  logical: string;
  /** The quorum queue the consumer reads. */
  main: string;
  /** Where messages go after their last attempt or a permanent error. */
  parking: string;
  /** The TTL queue that holds a message for `delayMs` before it returns to `main`. */
  retry(delayMs: number): string;
}

export function exchangeNames(prefix: string, exchange: string): ExchangeNames {
  const events = `${prefix}${exchange}`;
  return { events, unroutable: `${events}.unroutable` };
}

/**
 * `tickets` → `<prefix>tickets.events` for a service's event queue; a work queue
 * (`exchangeless`) keeps its name: `videos.process` → `<prefix>videos.process`. Retry queues are
 * named after their delay (`<main>.retry.5000ms`), so changing the configured delays creates new
 * queues instead of failing on the old queue's `x-message-ttl`.
 */
export function queueNames(prefix: string, queue: string, exchangeless = false): QueueNames {
  const main = exchangeless ? `${prefix}${queue}` : `${prefix}${queue}.events`;
  return {
    logical: queue,
    main,
    parking: `${main}.parking`,
    retry: (delayMs) => `${main}.retry.${delayMs}ms`,
  };
}

const quorum = { 'x-queue-type': 'quorum' } as const;

/**
 * Arguments of a consumer's main queue: quorum, and dead-lettered (by the broker, after
 * `DELIVERY_LIMIT` redeliveries or a reject without requeue) to its parking queue through the
 * default exchange. `at-least-once` dead-lettering keeps the message until the parking queue has
 * confirmed it; RabbitMQ requires `reject-publish` overflow for that strategy.
 */
export function mainQueueArguments(names: QueueNames): Record<string, unknown> {
  return {
    ...quorum,
    'x-dead-letter-exchange': '',
    'x-dead-letter-routing-key': names.parking,
    'x-dead-letter-strategy': 'at-least-once',
    'x-overflow': 'reject-publish',
    'x-delivery-limit': DELIVERY_LIMIT,
  };
}

/** A retry queue: nobody consumes it; each message expires after `delayMs` back into `main`. */
export function retryQueueArguments(names: QueueNames, delayMs: number): Record<string, unknown> {
  return {
    ...quorum,
    'x-message-ttl': delayMs,
    'x-dead-letter-exchange': '',
    'x-dead-letter-routing-key': names.main,
    'x-dead-letter-strategy': 'at-least-once',
    'x-overflow': 'reject-publish',
  };
}

/** Declares the events exchange, its alternate exchange and the queue that keeps unroutable events. */
export async function assertExchanges(channel: Channel, names: ExchangeNames): Promise<void> {
  await channel.assertExchange(names.unroutable, 'fanout', { durable: true });
  await channel.assertQueue(names.unroutable, { durable: true, arguments: { ...quorum } });
  await channel.bindQueue(names.unroutable, names.unroutable, '');
  await channel.assertExchange(names.events, 'topic', { durable: true, alternateExchange: names.unroutable });
}

/** Declares a consumer's main and parking queues (what a producer of a work queue needs too). */
export async function assertMainQueue(channel: Channel, names: QueueNames): Promise<void> {
  await channel.assertQueue(names.parking, { durable: true, arguments: { ...quorum } });
  await channel.assertQueue(names.main, { durable: true, arguments: mainQueueArguments(names) });
}

/** Declares the retry queues for `delaysMs`. */
export async function assertRetryQueues(channel: Channel, names: QueueNames, delaysMs: readonly number[]): Promise<void> {
  for (const delay of new Set(delaysMs)) {
    await channel.assertQueue(names.retry(delay), { durable: true, arguments: retryQueueArguments(names, delay) });
  }
}
