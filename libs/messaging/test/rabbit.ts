import { createLogger, type Logger } from '@marquee/core';
import amqp, { type ChannelModel, type GetMessage } from 'amqplib';
import type { DeclaredNames } from '../src';

/** The RabbitMQ integration tests talk to (override with AMQP_URL). */
export const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** Quiet unless LOG_LEVEL says otherwise. */
export function testLogger(): Logger {
  return createLogger({ service: 'messaging-test', level: process.env.LOG_LEVEL ?? 'silent' });
}

/** A plain amqplib connection beside the broker under test: to look into queues and clean up. */
export class Admin {
  private constructor(private readonly model: ChannelModel) {}

  static async connect(url = AMQP_URL): Promise<Admin> {
    const model = await amqp.connect(url);
    model.on('error', () => undefined);
    return new Admin(model);
  }

  /** Each call uses its own channel, so a 404 does not poison the next one. */
  private async withChannel<T>(fn: (channel: amqp.ConfirmChannel) => Promise<T>): Promise<T> {
    const channel = await this.model.createConfirmChannel();
    channel.on('error', () => undefined);
    try {
      return await fn(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  messageCount(queue: string): Promise<number> {
    return this.withChannel(async (channel) => (await channel.checkQueue(queue)).messageCount);
  }

  /** Takes one message off `queue` (acked), or undefined when it is empty. */
  take(queue: string): Promise<GetMessage | undefined> {
    return this.withChannel(async (channel) => {
      const message = await channel.get(queue, { noAck: true });
      return message || undefined;
    });
  }

  /** Publishes with a confirm, as another service would. */
  publish(exchange: string, routingKey: string, body: object, messageId: string): Promise<void> {
    return this.withChannel(async (channel) => {
      channel.publish(exchange, routingKey, Buffer.from(JSON.stringify(body)), { messageId, persistent: true, contentType: 'application/json' });
      await channel.waitForConfirms();
    });
  }

  /** Publishes raw bytes (for invalid messages). */
  publishRaw(exchange: string, routingKey: string, content: Buffer, contentType: string): Promise<void> {
    return this.withChannel(async (channel) => {
      channel.publish(exchange, routingKey, content, { messageId: 'raw', persistent: true, contentType });
      await channel.waitForConfirms();
    });
  }

  /** Deletes what a broker declared. */
  async remove(names: DeclaredNames): Promise<void> {
    for (const queue of names.queues) await this.withChannel((channel) => channel.deleteQueue(queue)).catch(() => undefined);
    for (const exchange of names.exchanges) await this.withChannel((channel) => channel.deleteExchange(exchange)).catch(() => undefined);
  }

  close(): Promise<void> {
    return this.model.close();
  }
}
