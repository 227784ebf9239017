import { randomUUID } from 'node:crypto';
import { ErrorCode, pageBounds, sliceToPage, type Page, type PaginationQuery } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import { learnManyFromOwner, type Db } from '@marquee/service';
import { closedReason, firstOverlap, type Actor, type Attendee, type Event, type MyRegistration, type Registration, type Session } from './event';
import { dropCached, requireOwner, requireVisible } from './event-access';
import type { EventsDeps } from './events.service';

/**
 * Registrations. Places are decided by the database in one transaction: the partial unique index
 * of active registrations (one per user and event), then a conditional update of the event's
 * `registered` (which also holds the event's row lock, so registrations of one event queue),
 * then one of each chosen session, in id order. Any refusal rolls all of it back.
 */
export class RegistrationsService {
  constructor(private readonly deps: EventsDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async register(actor: Actor, eventId: string, sessionIds: string[]): Promise<Registration> {
    const now = this.now();
    const chosen = [...new Set(sessionIds)].sort();
    // Judged before any write, so a bad request hears what is wrong with it even when the event
    // is full; judged again under the locks below, where it counts.
    const event = requireVisible(actor, await this.deps.events.find(this.deps.db, eventId));
    refuseIfClosed(event, now);
    checkChoice(await this.deps.sessions.ofEvent(this.deps.db, eventId), sessionIds);

    const registration = await this.deps.transaction(async (db) => {
      const id = randomUUID();
      if (!(await this.deps.registrations.insertActive(db, { id, event_id: eventId, user_id: actor.id, created_at: now }))) {
        throw AppError.conflict(ErrorCode.ALREADY_REGISTERED, 'You are already registered for this event', { event_id: eventId });
      }
      // Written before the claims (a refusal rolls it back with everything else): from the event's
      // claim to the commit its row is locked and every registration of the event queues behind it,
      // so as little as possible runs in between.
      await this.deps.publish(db, 'registration.created', registrationFacts(id, actor.id, chosen, event));
      if (!(await this.deps.events.claimPlace(db, eventId, now))) throw await this.whyNoPlace(db, eventId, now);
      const taken: Session[] = [];
      for (const sessionId of chosen) {
        const session = await this.deps.sessions.claimPlace(db, sessionId, eventId);
        if (!session) throw await this.whyNoSessionPlace(db, sessionId, eventId, sessionIds);
        taken.push(session);
      }
      refuseOverlap(taken);
      await this.deps.registrations.addSessions(db, id, chosen);
      return { id, event_id: eventId, user_id: actor.id, status: 'active' as const, session_ids: chosen, created_at: now };
    });
    await this.changed(eventId);
    return registration;
  }

  /** Cancels my registration and frees its places (the event's and each session's). */
  async cancel(actor: Actor, eventId: string): Promise<void> {
    await this.deps.transaction(async (db) => {
      const event = requireVisible(actor, await this.deps.events.find(db, eventId));
      const registration = await this.deps.registrations.findActiveForUpdate(db, eventId, actor.id);
      if (!registration) throw AppError.notFound('Your registration for this event');
      await this.deps.events.releasePlace(db, eventId);
      await this.deps.sessions.releasePlaces(db, [...registration.session_ids].sort());
      await this.deps.registrations.cancel(db, registration.id);
      await this.deps.publish(db, 'registration.cancelled', registrationFacts(registration.id, actor.id, registration.session_ids, event));
    });
    await this.changed(eventId);
  }

  /** My active registrations of events not deleted, soonest event first. */
  async mine(actor: Actor, query: PaginationQuery): Promise<Page<MyRegistration>> {
    return sliceToPage(await this.deps.registrations.mine(this.deps.db, actor.id, pageBounds(query)), query);
  }

  /** Owner or admin: who is registered (for one session when `sessionId` is given), in order of registration. */
  async attendees(actor: Actor, eventId: string, sessionId: string | undefined, query: PaginationQuery): Promise<Page<Attendee>> {
    requireOwner(actor, await this.deps.events.find(this.deps.db, eventId));
    if (sessionId !== undefined) {
      const session = await this.deps.sessions.find(this.deps.db, sessionId);
      if (!session || session.event_id !== eventId) throw AppError.notFound('Session');
    }
    const page = sliceToPage(await this.deps.registrations.attendees(this.deps.db, eventId, sessionId, pageBounds(query)), query);
    return { ...page, items: await this.withNames(page.items) };
  }

  /**
   * Attendees this service has not heard of yet (their user.* event not delivered, or an account
   * older than the backfill) are asked about once, and remembered; when users cannot be reached,
   * the list is shown with those names missing rather than not at all.
   */
  private async withNames(attendees: Attendee[]): Promise<Attendee[]> {
    const unnamed = attendees.filter((a) => a.name === null).map((a) => a.user_id);
    if (unnamed.length === 0) return attendees;
    const { db, logger, knownUsers: store, directory: source } = this.deps;
    const users = await learnManyFromOwner({ db, logger, store, source, name: 'attendee names' }, unnamed);
    return attendees.map((a) => (a.name === null ? { ...a, name: users.get(a.user_id)?.name ?? null } : a));
  }

  /** Why the conditional update took no place: the event changed meanwhile, or it is full. */
  private async whyNoPlace(db: Db, eventId: string, now: Date): Promise<AppError> {
    const current = await this.deps.events.find(db, eventId);
    if (!current) return AppError.notFound('Event');
    const reason = closedReason(current, now);
    if (reason) return AppError.conflict(ErrorCode.EVENT_NOT_OPEN, reason, { event_status: current.status });
    return AppError.conflict(ErrorCode.EVENT_FULL, `All ${current.capacity} places of this event are taken`, {
      event_id: eventId,
      capacity: current.capacity,
    });
  }

  private async whyNoSessionPlace(db: Db, sessionId: string, eventId: string, asked: string[]): Promise<AppError> {
    const current = await this.deps.sessions.find(db, sessionId);
    if (!current || current.event_id !== eventId) return notOfEvent(asked, [sessionId]);
    return AppError.conflict(ErrorCode.SESSION_FULL, `All ${current.capacity} places of the session "${current.title}" are taken`, {
      session_ids: [sessionId],
    });
  }

  private changed(eventId: string): Promise<void> {
    return dropCached(this.deps.cache, this.deps.logger, eventId);
  }
}

function refuseIfClosed(event: Event, now: Date): void {
  const reason = closedReason(event, now);
  if (reason) throw AppError.conflict(ErrorCode.EVENT_NOT_OPEN, reason, { event_status: event.status });
}

/** Every asked id must be a session of the event (400), and no two of them may overlap (409). */
function checkChoice(sessions: Session[], asked: string[]): void {
  const byId = new Map(sessions.map((s) => [s.id, s]));
  const unknown = asked.filter((id) => !byId.has(id));
  if (unknown.length > 0) throw notOfEvent(asked, unknown);
  refuseOverlap(asked.map((id) => byId.get(id) as Session));
}

function refuseOverlap(sessions: Session[]): void {
  const clash = firstOverlap(sessions);
  if (clash) {
    throw AppError.conflict(ErrorCode.SCHEDULE_CONFLICT, `The sessions "${clash[0].title}" and "${clash[1].title}" overlap: choose one of them`, {
      session_ids: [clash[0].id, clash[1].id],
    });
  }
}

/** A 400 naming each unknown id at its place in the request's list. */
function notOfEvent(asked: string[], unknown: string[]): AppError {
  return AppError.validation(
    unknown.map((id) => ({ field: `body.session_ids.${asked.indexOf(id)}`, message: 'is not a session of this event' })),
    'Some chosen sessions are not sessions of this event',
  );
}

function registrationFacts(id: string, userId: string, sessionIds: string[], event: Event) {
  return {
    registration_id: id,
    event_id: event.id,
    user_id: userId,
    session_ids: sessionIds,
    event_title: event.title,
    event_start_at: event.start_at.toISOString(),
  };
}
