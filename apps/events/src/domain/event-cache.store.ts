/** An answer and where it came from. */
export interface Cached<T> {
  value: T;
  /** Served from the cache without asking PostgreSQL. */
  hit: boolean;
}

/**
 * Short-lived cached reads: event lists (keyed by everything that changes their answer) and one
 * event with its sessions. `data/event-cache.redis.ts` implements it on the kit's cache.
 */
export interface EventCache {
  list<T>(key: string, loader: () => Promise<T>): Promise<Cached<T>>;
  /** An `undefined` answer (no such event) is not cached. */
  detail<T>(eventId: string, loader: () => Promise<T | undefined>): Promise<Cached<T | undefined>>;
  /** Drops every list and this event's detail: called after any committed change to the event, its sessions or its registrations. */
  changed(eventId: string): Promise<void>;
}
