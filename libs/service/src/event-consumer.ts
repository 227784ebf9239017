import { AppError, type Logger } from '@marquee/core';
import { ErrorCode, parseEvent, type DomainEvent, type EventData, type EventTypeName } from '@marquee/contracts';
import type { Broker } from '@marquee/messaging';
import { recordInbox, withTransaction } from '@marquee/postgres';
import type pg from 'pg';

/** Handles one event inside the transaction that also records it in the inbox. */
export type EventHandler<K extends EventTypeName> = (data: EventData<K>, event: DomainEvent<K>, client: pg.PoolClient) => Promise<void>;

export type EventHandlers = { [K in EventTypeName]?: EventHandler<K> };

export interface EventConsumerOptions {
  handlers: EventHandlers;
  /** Attempts before a failing event is parked (default 5). */
  maxAttempts?: number;
  /** Delays between attempts (default 1 s, 5 s, 30 s, 2 min). */
  retryDelaysMs?: number[];
  prefetch?: number;
}

/**
 * Binds the service's queue to the handled event types and, for each delivery: checks the event
 * against its contract (an invalid one is parked at once, never retried), then, in one
 * transaction, records its id in the inbox and runs the handler. A duplicate delivery finds its
 * id in the inbox and changes nothing. The message is acked only after the commit; a handler
 * that throws is retried with growing delays and parked after the last attempt.
 */
export async function createEventConsumer(
  options: EventConsumerOptions & { service: string; broker: Broker; pool: pg.Pool; logger: Logger },
): Promise<void> {
  const { service, broker, pool, logger, handlers } = options;
  const bindings = Object.keys(handlers);
  if (bindings.length === 0) throw new Error('createEventConsumer needs at least one handler');

  await broker.consume({
    queue: service,
    bindings,
    prefetch: options.prefetch,
    maxAttempts: options.maxAttempts,
    retryDelaysMs: options.retryDelaysMs,
    handler: async (message) => {
      const parsed = parseEvent(message.body);
      if (!parsed.ok) {
        throw new AppError(ErrorCode.VALIDATION_FAILED, 'Event does not match its contract', {
          status: 400,
          errors: parsed.errors,
        });
      }
      const event = parsed.event;
      const handler = handlers[event.type] as EventHandler<typeof event.type> | undefined;
      if (!handler) {
        throw new AppError(ErrorCode.VALIDATION_FAILED, `No handler for ${event.type}`, { status: 400 });
      }
      const applied = await withTransaction(pool, async (client) => {
        if (!(await recordInbox(client, service, event.id))) return false;
        await handler(event.data as never, event as never, client);
        return true;
      });
      if (!applied) logger.debug('duplicate event skipped', { event_id: event.id, event_type: event.type });
    },
  });
}
