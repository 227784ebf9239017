// Where a failed message goes and how an operator brings it back. A consumer copies a failed
// message to a retry queue (it comes back after the delay) or to its parking queue (it stays there
// until re-driven), then acks the original; `redriveParked` moves parked messages back to the main
// queue with fresh attempts. Copies keep the producer's properties and routing key; the headers
// say what failed, where and when.
import { randomUUID } from 'node:crypto';
import type { Logger } from '@marquee/core';
import type { ConfirmChannel, Message } from 'amqplib';
import type { ConfirmPublisher } from './confirm-publisher';
import {
  carriedHeaders,
  copiedProperties,
  originalRoutingKey,
  PARKING_HEADERS,
  parkingHeaders,
  truncate,
  withoutHeaders,
  type FailureDecision,
} from './retry-policy';
import type { QueueNames } from './topology';

/** A copy of a delivered message to publish on the default exchange (routing key = queue name). */
export interface MessageCopy {
  /** The queue it goes to. */
  queue: string;
  /** Publish options: the original's properties and the new headers, persistent and mandatory. */
  options: ReturnType<typeof copiedProperties> & { messageId: string; headers: Record<string, unknown>; persistent: true; mandatory: true };
}

function copyOf(message: Message, queue: string, headers: Record<string, unknown>): MessageCopy {
  const properties = copiedProperties(message.properties);
  return { queue, options: { ...properties, messageId: properties.messageId ?? randomUUID(), headers, persistent: true, mandatory: true } };
}

/** Where a message whose handler failed goes: a retry queue (with its attempt count) or the parking queue. */
export function failedCopy(message: Message, names: QueueNames, decision: FailureDecision, failure: { error: unknown; attempt: number; routingKey: string }): MessageCopy {
  const { error, attempt, routingKey } = failure;
  const received = (message.properties.headers ?? {}) as Record<string, unknown>;
  const exchange = typeof received['x-original-exchange'] === 'string' ? received['x-original-exchange'] : message.fields.exchange;
  const carried = withoutHeaders(carriedHeaders(received), PARKING_HEADERS);
  if (decision.action === 'retry') {
    const errorText = error instanceof Error ? error.message : String(error);
    return copyOf(message, names.retry(decision.delayMs), {
      ...carried,
      'x-attempts': attempt,
      'x-original-routing-key': routingKey,
      'x-original-exchange': exchange,
      'x-last-error': truncate(errorText, 500),
    });
  }
  return copyOf(message, names.parking, { ...carried, ...parkingHeaders(error, { attempt, routingKey, exchange, reason: decision.reason }) });
}

/** A parked message on its way back to the main queue: no failure headers, attempts start again. */
export function redrivenCopy(message: Message, names: QueueNames, now = new Date()): MessageCopy {
  const received = (message.properties.headers ?? {}) as Record<string, unknown>;
  const redrives = Number(received['x-redrive-count'] ?? 0);
  return copyOf(message, names.main, {
    ...withoutHeaders(carriedHeaders(received), PARKING_HEADERS),
    'x-original-routing-key': originalRoutingKey(received, message.fields.routingKey),
    'x-redriven-at': now.toISOString(),
    'x-redrive-count': (Number.isFinite(redrives) ? redrives : 0) + 1,
  });
}

/** Messages waiting in a parking queue (a missing queue fails the channel: use a short-lived one). */
export async function countParked(channel: ConfirmChannel, names: QueueNames): Promise<number> {
  return (await channel.checkQueue(names.parking)).messageCount;
}

/**
 * Moves up to `limit` parked messages (default: those parked now, so a message failing again at
 * once is not taken twice) back to the main queue. Each is acked in the parking queue only after
 * the broker confirmed its copy, so a failure midway loses nothing (at worst one is delivered
 * twice, which at-least-once consumers handle anyway). Resolves to how many were moved.
 */
export async function redriveParked(
  channel: ConfirmChannel,
  publisher: ConfirmPublisher,
  names: QueueNames,
  options: { limit?: number; confirmTimeoutMs: number; logger: Logger },
): Promise<number> {
  const { messageCount } = await channel.checkQueue(names.parking);
  const max = Math.min(options.limit ?? messageCount, messageCount);
  let moved = 0;
  while (moved < max) {
    const message = await channel.get(names.parking, { noAck: false });
    if (!message) break;
    const copy = redrivenCopy(message, names);
    await publisher.publish('', copy.queue, message.content, copy.options, options.confirmTimeoutMs);
    channel.ack(message);
    moved += 1;
  }
  if (moved > 0) options.logger.info('re-drove parked messages', { queue: names.main, count: moved });
  return moved;
}
