import type { Db } from '@marquee/service';

/** How an event reached the service. */
export type EventOrigin = { via: 'bus' } | { via: 'api'; recordedBy: string };

/** A domain event as the log keeps it. */
export interface StoredEvent {
  id: string;
  type: string;
  source: string;
  time: Date;
  correlation_id: string | null;
  /** The data as checked against the event's contract. */
  data: unknown;
}

/** Where the log of every domain event lives; `data/event-log.repository.ts` implements it. */
export interface EventLogStore {
  /** Appends the event; false (and nothing written) when an event with its id is already stored. */
  append(db: Db, event: StoredEvent, origin: EventOrigin): Promise<boolean>;
  /** The stored event with this id, or null. */
  find(db: Db, id: string): Promise<StoredEvent | null>;
  /**
   * Blocks new appends until `db`'s transaction ends, after waiting for the transactions that are
   * appending now: from then on the log is complete and stays as it is.
   */
  freeze(db: Db): Promise<void>;
  /** Up to `limit` events in (time, id) order, after `cursor` (from the first when null). */
  readAfter(db: Db, cursor: { time: Date; id: string } | null, limit: number): Promise<StoredEvent[]>;
}
