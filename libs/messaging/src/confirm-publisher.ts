import { ErrorCode } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import { IllegalOperationError, type ConfirmChannel, type Message, type Options } from 'amqplib';

/** Why a publish did not reach a queue (in `error.details.reason`). */
export type PublishFailureReason = 'not_connected' | 'closed' | 'returned' | 'nacked' | 'timeout';

/**
 * A failed publish: `UPSTREAM_TIMEOUT` (504) when no confirm came in time, otherwise
 * `UPSTREAM_UNAVAILABLE` (503). Both are transient: a consumer that fails with one retries.
 */
export function publishError(reason: PublishFailureReason, message: string, cause?: unknown): AppError {
  return reason === 'timeout'
    ? new AppError(ErrorCode.UPSTREAM_TIMEOUT, message, { status: 504, details: { reason }, cause })
    : new AppError(ErrorCode.UPSTREAM_UNAVAILABLE, message, { status: 503, details: { reason }, cause });
}

const ignore = () => undefined;

/**
 * Publishes on one confirm channel and settles each publish only when the broker has answered:
 * resolves on ack, rejects on nack, on a `basic.return` (mandatory message nobody could take —
 * RabbitMQ sends the return before the ack), when the channel closes, or after `timeoutMs`.
 * When the channel's write buffer is full (`publish` returned false) later publishes wait for
 * `drain`; that wait counts against their timeout.
 *
 * Returns are matched to publishes by `messageId`, so every publish must carry one.
 */
export class ConfirmPublisher {
  private readonly returned = new Map<string, Message>();
  private readonly closeListeners = new Set<() => void>();
  private drained: Promise<void> | null = null;
  private closed = false;
  /** Publishes not settled yet, so a shutdown can wait for them. */
  readonly pending = new Set<Promise<void>>();

  constructor(readonly channel: ConfirmChannel) {
    channel.on('return', (message: Message) => {
      const id = message.properties.messageId;
      if (typeof id === 'string') this.returned.set(id, message);
    });
    channel.on('close', () => {
      this.closed = true;
      for (const listener of this.closeListeners) listener();
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  publish(exchange: string, routingKey: string, content: Buffer, options: Options.Publish & { messageId: string }, timeoutMs: number): Promise<void> {
    const publishing = this.publishWithin(exchange, routingKey, content, options, timeoutMs);
    this.pending.add(publishing);
    const forget = () => this.pending.delete(publishing);
    publishing.then(forget, forget);
    return publishing;
  }

  private async publishWithin(exchange: string, routingKey: string, content: Buffer, options: Options.Publish & { messageId: string }, timeoutMs: number): Promise<void> {
    if (this.closed) throw publishError('closed', 'The RabbitMQ channel is closed');
    let timer: NodeJS.Timeout | undefined;
    let onClose: (() => void) | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(publishError('timeout', `RabbitMQ did not confirm the message within ${timeoutMs} ms`)), timeoutMs);
    });
    const channelClosed = new Promise<never>((_, reject) => {
      onClose = () => reject(publishError('closed', 'The RabbitMQ channel closed before the message was confirmed'));
      this.closeListeners.add(onClose);
    });
    const sending = this.send(exchange, routingKey, content, options);
    // Whichever loses the race must not become an unhandled rejection.
    sending.catch(ignore);
    try {
      await Promise.race([sending, timedOut, channelClosed]);
    } finally {
      clearTimeout(timer);
      this.closeListeners.delete(onClose!);
    }
  }

  private async send(exchange: string, routingKey: string, content: Buffer, options: Options.Publish & { messageId: string }): Promise<void> {
    while (this.drained) await this.drained;
    if (this.closed) throw publishError('closed', 'The RabbitMQ channel is closed');
    await new Promise<void>((resolve, reject) => {
      const id = options.messageId;
      let writable: boolean;
      try {
        writable = this.channel.publish(exchange, routingKey, content, options, (error: unknown) => {
          const returned = this.returned.get(id);
          this.returned.delete(id);
          if (error) {
            reject(this.closed ? publishError('closed', 'The RabbitMQ channel closed before the message was confirmed', error) : publishError('nacked', 'RabbitMQ refused the message (nack)', error));
          } else if (returned) {
            const { replyCode, replyText } = returned.fields as { replyCode?: number; replyText?: string };
            reject(publishError('returned', `RabbitMQ returned the message (${replyCode ?? '?'} ${replyText ?? ''}): no queue took "${routingKey}" on "${exchange || '(default)'}"`));
          } else {
            resolve();
          }
        });
      } catch (error) {
        reject(error instanceof IllegalOperationError ? publishError('closed', 'The RabbitMQ channel is closed', error) : error);
        return;
      }
      if (!writable && !this.drained) this.drained = this.waitForDrain();
    });
  }

  private waitForDrain(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.channel.off('drain', done);
        this.channel.off('close', done);
        this.drained = null;
        resolve();
      };
      this.channel.on('drain', done);
      this.channel.on('close', done);
    });
  }
}
