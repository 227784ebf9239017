import { createHash, randomUUID } from 'node:crypto';
import { ErrorCode, pageBounds, sliceToPage, type Page, type PaginationQuery } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import type { Db, DomainPlatform } from '@marquee/service';
import {
  isOver,
  listingScope,
  reviveEvent,
  reviveSession,
  viewerKey,
  within,
  type Actor,
  type Event,
  type EventChanges,
  type EventFilter,
  type EventWithSessions,
  type NewEvent,
  type NewSession,
} from './event';
import { dropCached, requireOwner, requireVisible } from './event-access';
import type { Cached, EventCache } from './event-cache.store';
import type { EventsStore } from './events.store';
import type { RegistrationsStore } from './registrations.store';
import type { SessionsStore } from './sessions.store';
import type { KnownUsersStore, UserDirectory } from './known-users.store';

export interface EventsDeps extends DomainPlatform {
  events: EventsStore;
  sessions: SessionsStore;
  registrations: RegistrationsStore;
  cache: EventCache;
  /** Attendee names: the read model of users and, on a miss, the users service. */
  knownUsers: KnownUsersStore;
  directory: UserDirectory;
  now?: () => Date;
}

/** A demo event as the seed loads it: fixed ids, published, with its sessions. */
export interface DemoEvent {
  id: string;
  organizer_id: string;
  event: NewEvent;
  sessions: (Required<NewSession> & { id: string })[];
}

/** The facts every event.* event carries. */
export function eventFacts(event: Event) {
  return {
    event_id: event.id,
    title: event.title,
    organizer_id: event.organizer_id,
    category: event.category,
    location: event.location,
    start_at: event.start_at.toISOString(),
    end_at: event.end_at.toISOString(),
    capacity: event.capacity,
    registered: event.registered,
  };
}

/** The rules about events: drafts, publishing, cancelling, editing, deleting, listing. No HTTP, no SQL. */
export class EventsService {
  constructor(private readonly deps: EventsDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** A new draft of the caller's. */
  async create(actor: Actor, input: NewEvent): Promise<Event> {
    checkSpan(input.start_at, input.end_at, 'end_at');
    if (input.start_at.getTime() <= this.now().getTime()) {
      throw AppError.validation([{ field: 'body.start_at', message: 'must be in the future' }]);
    }
    const event = await this.deps.events.insert(this.deps.db, { ...input, id: randomUUID(), organizer_id: actor.id, status: 'draft' });
    await this.changed(event.id);
    return event;
  }

  /**
   * A page of the events the caller may see: published ones, plus an organizer's own drafts (an
   * admin's: every draft). Cached under a key made of every input that changes the answer,
   * the caller's identity included only when drafts can be in it.
   */
  async list(actor: Actor | undefined, filter: EventFilter, page: PaginationQuery): Promise<Cached<Page<Event>>> {
    const scope = listingScope(actor, filter.status);
    const key = listKey({
      viewer: viewerKey(scope),
      statuses: scope.statuses,
      q: filter.q ?? null,
      category: filter.category ?? null,
      from: filter.from?.toISOString() ?? null,
      to: filter.to?.toISOString() ?? null,
      page: page.page,
      limit: page.limit,
    });
    const cached = await this.deps.cache.list(key, async () =>
      sliceToPage(await this.deps.events.page(this.deps.db, scope, filter, pageBounds(page)), page),
    );
    return { hit: cached.hit, value: { ...cached.value, items: cached.value.items.map(reviveEvent) } };
  }

  /** One event with its sessions, if the caller may see it. */
  async get(actor: Actor | undefined, id: string): Promise<Cached<EventWithSessions>> {
    const cached = await this.deps.cache.detail<EventWithSessions>(id, async () => {
      const event = await this.deps.events.find(this.deps.db, id);
      if (!event) return undefined;
      return { ...event, sessions: await this.deps.sessions.ofEvent(this.deps.db, id) };
    });
    const found = cached.value ? { ...reviveEvent(cached.value), sessions: cached.value.sessions.map(reviveSession) } : null;
    return { hit: cached.hit, value: requireVisible(actor, found) };
  }

  /**
   * Owner or admin. Capacity never goes below the places taken (409, checked under the event's
   * lock, with the CHECK constraint as the last word); sessions above a lowered capacity come down
   * to it; the span must keep every session inside it (400).
   */
  async update(actor: Actor, id: string, changes: EventChanges): Promise<Event> {
    const updated = await this.deps.transaction(async (db) => {
      const event = requireOwner(actor, await this.deps.events.findForUpdate(db, id));
      if (event.status === 'cancelled') throw AppError.conflict(ErrorCode.CONFLICT, 'A cancelled event cannot be edited', { event_status: event.status });
      const next: NewEvent = {
        title: changes.title ?? event.title,
        description: changes.description !== undefined ? changes.description : event.description,
        location: changes.location !== undefined ? changes.location : event.location,
        category: changes.category !== undefined ? changes.category : event.category,
        start_at: changes.start_at ?? event.start_at,
        end_at: changes.end_at ?? event.end_at,
        capacity: changes.capacity ?? event.capacity,
      };
      checkSpan(next.start_at, next.end_at, changes.end_at ? 'end_at' : 'start_at');
      if (changes.start_at && changes.start_at.getTime() !== event.start_at.getTime() && changes.start_at.getTime() <= this.now().getTime()) {
        throw AppError.validation([{ field: 'body.start_at', message: 'must be in the future' }]);
      }
      if (next.capacity < event.registered) {
        throw new AppError(ErrorCode.CONFLICT, `${event.registered} places are taken: the capacity cannot go below that`, {
          status: 409,
          errors: [{ field: 'body.capacity', message: `must be at least ${event.registered}, the places already taken` }],
          details: { registered: event.registered },
        });
      }
      await this.keepSessionsInside(db, id, next);
      if (next.capacity < event.capacity) await this.deps.sessions.clampCapacity(db, id, next.capacity);
      return this.deps.events.update(db, id, next);
    });
    await this.changed(id);
    return updated;
  }

  /** Owner or admin: a draft becomes public and open for registration (event.published). */
  async publish(actor: Actor, id: string): Promise<Event> {
    const published = await this.deps.transaction(async (db) => {
      const event = requireOwner(actor, await this.deps.events.findForUpdate(db, id));
      if (event.status !== 'draft') throw AppError.conflict(ErrorCode.CONFLICT, `This event is already ${event.status}`, { event_status: event.status });
      if (isOver(event, this.now())) throw AppError.conflict(ErrorCode.CONFLICT, 'This event is over', { event_status: event.status });
      const done = await this.deps.events.setStatus(db, id, 'published');
      await this.deps.publish(db, 'event.published', { ...eventFacts(done), status: 'published' });
      return done;
    });
    await this.changed(id);
    return published;
  }

  /**
   * Owner or admin: a published event will not take place. Registration closes (the status is
   * checked by every registration under the event's lock) and event.cancelled names every
   * attendee at that moment, so notifications can tell each of them.
   */
  async cancel(actor: Actor, id: string, reason: string | null): Promise<Event> {
    const cancelled = await this.deps.transaction(async (db) => {
      const event = requireOwner(actor, await this.deps.events.findForUpdate(db, id));
      if (event.status === 'draft') {
        throw AppError.conflict(ErrorCode.CONFLICT, 'A draft was never public: delete it instead', { event_status: event.status });
      }
      if (event.status === 'cancelled') throw AppError.conflict(ErrorCode.CONFLICT, 'This event is already cancelled', { event_status: event.status });
      if (isOver(event, this.now())) throw AppError.conflict(ErrorCode.CONFLICT, 'This event is over', { event_status: event.status });
      const done = await this.deps.events.setStatus(db, id, 'cancelled', reason);
      const attendeeIds = await this.deps.registrations.attendeeIds(db, id);
      await this.deps.publish(db, 'event.cancelled', { ...eventFacts(done), status: 'cancelled', attendee_ids: attendeeIds, reason });
      return done;
    });
    await this.changed(id);
    return cancelled;
  }

  /**
   * Owner or admin: soft delete (kept for history, 404 and out of every list from now on). A
   * published event that is not over must be cancelled first, so its attendees are told.
   */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.deps.transaction(async (db) => {
      const event = requireOwner(actor, await this.deps.events.findForUpdate(db, id));
      if (event.status === 'published' && !isOver(event, this.now())) {
        throw AppError.conflict(ErrorCode.CONFLICT, 'This event is published: cancel it first, so its attendees are told', { event_status: event.status });
      }
      await this.deps.events.softDelete(db, id);
    });
    await this.changed(id);
  }

  /** Demo data: each event (published, with its sessions) unless its id exists; answers how many it added. */
  async seed(demo: DemoEvent[]): Promise<number> {
    let added = 0;
    for (const item of demo) {
      const inserted = await this.deps.transaction(async (db) => {
        if (await this.deps.events.exists(db, item.id)) return false;
        const event = await this.deps.events.insert(db, { ...item.event, id: item.id, organizer_id: item.organizer_id, status: 'published' });
        for (const session of item.sessions) await this.deps.sessions.insert(db, { ...session, event_id: item.id });
        await this.deps.publish(db, 'event.published', { ...eventFacts(event), status: 'published' });
        return true;
      });
      if (inserted) {
        added += 1;
        await this.changed(item.id);
      }
    }
    return added;
  }

  private async keepSessionsInside(db: Db, id: string, next: NewEvent): Promise<void> {
    const span = await this.deps.sessions.span(db, id);
    if (!span || within(span, next)) return;
    const sessions = `sessions run from ${span.start_at.toISOString()} to ${span.end_at.toISOString()}`;
    const errors = [];
    if (next.start_at.getTime() > span.start_at.getTime()) errors.push({ field: 'body.start_at', message: `must be at or before the first session (${sessions})` });
    if (next.end_at.getTime() < span.end_at.getTime()) errors.push({ field: 'body.end_at', message: `must be at or after the end of the last session (${sessions})` });
    throw AppError.validation(errors, 'The event would no longer contain all its sessions');
  }

  private changed(id: string): Promise<void> {
    return dropCached(this.deps.cache, this.deps.logger, id);
  }
}

/** end after start, or a 400 naming `field`. */
export function checkSpan(start: Date, end: Date, field: 'start_at' | 'end_at'): void {
  if (end.getTime() <= start.getTime()) {
    throw AppError.validation([{ field: `body.${field}`, message: field === 'end_at' ? 'must be after start_at' : 'must be before end_at' }]);
  }
}

/** A short cache key for a list request: a digest of every input that changes the answer. */
export function listKey(inputs: Record<string, unknown>): string {
  return `list:${createHash('sha256').update(JSON.stringify(inputs)).digest('base64url').slice(0, 22)}`;
}
