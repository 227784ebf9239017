import type { Bounds, Slice } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import type { Event, EventFilter, EventStatus, ListingScope, NewEvent } from './event';

/** Where events live; `data/events.repository.ts` implements it. Deleted events are never returned. */
export interface EventsStore {
  insert(db: Db, event: NewEvent & { id: string; organizer_id: string; status: EventStatus }): Promise<Event>;
  find(db: Db, id: string): Promise<Event | null>;
  /** Whether an event with this id was ever stored, deleted ones included (the seed's test). */
  exists(db: Db, id: string): Promise<boolean>;
  /** The event, locked against other writers until the transaction ends (edits, publish, cancel, delete). */
  findForUpdate(db: Db, id: string): Promise<Event | null>;
  /**
   * The event, locked in share mode: session writes hold it so an edit of the event's span or
   * capacity (which takes the update lock) waits for them, and they for it.
   */
  findForShare(db: Db, id: string): Promise<Event | null>;
  /** Writes every editable field (the merged values). The CHECK on registered ≤ capacity has the last word. */
  update(db: Db, id: string, values: NewEvent): Promise<Event>;
  setStatus(db: Db, id: string, status: EventStatus, cancelReason?: string | null): Promise<Event>;
  softDelete(db: Db, id: string): Promise<void>;
  page(db: Db, scope: ListingScope, filter: EventFilter, bounds: Bounds): Promise<Slice<Event>>;
  /**
   * Takes one place with a conditional update (open, not over, a place left); null when that
   * failed. The row stays locked until the transaction ends, so registrations of one event queue.
   */
  claimPlace(db: Db, id: string, now: Date): Promise<Event | null>;
  releasePlace(db: Db, id: string): Promise<void>;
}
