import { AppError, type Logger } from '@marquee/core';
import { canSee, isOwnerOrAdmin, type Actor, type Event } from './event';
import type { EventCache } from './event-cache.store';

/** The event if the caller may see it; a draft of someone else's is as absent as a deleted event (404). */
export function requireVisible<E extends Event>(actor: Actor | undefined, event: E | null): E {
  if (!event || !canSee(actor, event)) throw AppError.notFound('Event');
  return event;
}

/** The event if the caller owns it or is an admin: 404 when they cannot even see it, else 403. */
export function requireOwner<E extends Event>(actor: Actor, event: E | null): E {
  const visible = requireVisible(actor, event);
  if (!isOwnerOrAdmin(actor, visible)) throw AppError.forbidden('Only the organizer of this event or an admin may do this');
  return visible;
}

/**
 * Drops the cached lists and the event's detail once a change is committed, so the very next
 * read sees it. A Redis outage here leaves answers stale for at most their short TTL; the change
 * itself stands.
 */
export async function dropCached(cache: EventCache, logger: Logger, eventId: string): Promise<void> {
  try {
    await cache.changed(eventId);
  } catch (error) {
    logger.warn('could not invalidate cached event answers; they expire on their own', { error, event_id: eventId });
  }
}
