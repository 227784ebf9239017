import { currentContext } from '@marquee/core';
import type { Options } from 'amqplib';
import type { ConfirmPublisher } from './confirm-publisher';
import type { MessagingMetrics } from './messaging-metrics';

/** Options of `publish`. */
export interface PublishOptions {
  /** Unique id of the message (the outbox row id / event id). Required: it is also how returns are matched. */
  messageId: string;
  headers?: Record<string, unknown>;
  /** Defaults to the current context's correlation id. */
  correlationId?: string;
  /** AMQP `type`; defaults to the routing key. */
  type?: string;
  /** How long to wait for the broker's confirm. Default 5000 ms. */
  timeoutMs?: number;
}

/** Options of `sendToQueue`; the message id is generated when not given. */
export type SendOptions = Partial<PublishOptions>;

/** How long a publish (or a copy to a retry or parking queue) waits for the broker's confirm. */
export const DEFAULT_PUBLISH_TIMEOUT_MS = 5_000;

/**
 * The AMQP properties of a published message: persistent, mandatory JSON, carrying the current
 * request's id (header `x-request-id`) and correlation id unless the options name others.
 */
export function publishProperties(options: PublishOptions, appId?: string): Options.Publish & { messageId: string } {
  const context = currentContext();
  const properties: Options.Publish & { messageId: string } = {
    messageId: options.messageId,
    type: options.type,
    persistent: true,
    mandatory: true,
    contentType: 'application/json',
    timestamp: Math.floor(Date.now() / 1000),
    headers: { ...(context.requestId ? { 'x-request-id': context.requestId } : {}), ...options.headers },
  };
  const correlationId = options.correlationId ?? context.correlationId;
  if (correlationId) properties.correlationId = correlationId;
  if (appId) properties.appId = appId;
  return properties;
}

/** Publishes `body` as JSON and waits for the broker's confirm, counting the outcome. */
export async function publishJson(
  publisher: ConfirmPublisher,
  metrics: MessagingMetrics,
  target: { exchange: string; routingKey: string },
  body: object,
  options: PublishOptions,
  appId?: string,
): Promise<void> {
  try {
    await publisher.publish(
      target.exchange,
      target.routingKey,
      Buffer.from(JSON.stringify(body)),
      publishProperties(options, appId),
      options.timeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS,
    );
    metrics.published.inc({ outcome: 'confirmed' });
  } catch (error) {
    const reason = (error as { details?: { reason?: string } }).details?.reason ?? 'error';
    metrics.published.inc({ outcome: reason });
    throw error;
  }
}
