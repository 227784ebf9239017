import { eventTypes, type DomainEvent } from '@marquee/contracts';
import type { EventHandler, EventHandlers } from '@marquee/service';
import type { EventRecorder } from '../domain/event-recorder.service';

/**
 * Consumes every domain event of the catalogue: each is recorded in the log once and applied to
 * the aggregates in the transaction of the kit's inbox. The log's key, not only the inbox (which
 * is pruned after INBOX_RETENTION_DAYS), makes a redelivery a no-op.
 */
export function domainEventHandlers(recorder: EventRecorder): EventHandlers {
  const record: EventHandler<(typeof eventTypes)[number]> = async (_data, event, client) => {
    await recorder.record(client, event as DomainEvent, { via: 'bus' });
  };
  return Object.fromEntries(eventTypes.map((type) => [type, record])) as EventHandlers;
}
