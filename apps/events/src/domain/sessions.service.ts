import { randomUUID } from 'node:crypto';
import { ErrorCode, type FieldError } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import type { Db } from '@marquee/service';
import { type Actor, type Event, type NewSession, type Session, type SessionChanges } from './event';
import { dropCached, requireOwner } from './event-access';
import type { EventsDeps } from './events.service';
import type { SessionValues } from './sessions.store';

/**
 * The rules about sessions: inside the event's time (400), at most the event's capacity (400), never
 * below the places taken (409), and no two in one room of one event at the same time (the
 * exclusion constraint answers 409 SESSION_CONFLICT, also when two requests race). Owner or admin.
 */
export class SessionsService {
  constructor(private readonly deps: EventsDeps) {}

  async create(actor: Actor, eventId: string, input: NewSession): Promise<Session> {
    const session = await this.deps.transaction(async (db) => {
      const event = await this.writableEvent(db, actor, eventId);
      const values: SessionValues = { ...input, capacity: input.capacity ?? event.capacity };
      checkSession(event, values);
      return this.deps.sessions.insert(db, { ...values, id: randomUUID(), event_id: event.id });
    });
    await this.changed(eventId);
    return session;
  }

  async update(actor: Actor, id: string, changes: SessionChanges): Promise<Session> {
    const updated = await this.deps.transaction(async (db) => {
      const { event, session } = await this.writableSession(db, actor, id);
      const values: SessionValues = {
        title: changes.title ?? session.title,
        speaker: changes.speaker !== undefined ? changes.speaker : session.speaker,
        room: changes.room ?? session.room,
        start_at: changes.start_at ?? session.start_at,
        end_at: changes.end_at ?? session.end_at,
        capacity: changes.capacity ?? session.capacity,
      };
      checkSession(event, values);
      if (values.capacity < session.registered) {
        throw new AppError(ErrorCode.CONFLICT, `${session.registered} places of this session are taken: the capacity cannot go below that`, {
          status: 409,
          errors: [{ field: 'body.capacity', message: `must be at least ${session.registered}, the places already taken` }],
          details: { registered: session.registered },
        });
      }
      const moved = values.start_at.getTime() !== session.start_at.getTime() || values.end_at.getTime() !== session.end_at.getTime();
      if (moved && session.registered > 0) {
        const clash = await this.deps.sessions.registrationsClashing(db, id, values.start_at, values.end_at);
        if (clash.registrations > 0) {
          throw AppError.conflict(
            ErrorCode.SCHEDULE_CONFLICT,
            `${clash.registrations} people registered for this session also chose a session at those times: it cannot move there`,
            { registrations: clash.registrations, session_ids: clash.session_ids },
          );
        }
      }
      return this.deps.sessions.update(db, id, values);
    });
    await this.changed(updated.event_id);
    return updated;
  }

  /** A session nobody is registered for; with registrations it is 409 (they would silently lose it). */
  async remove(actor: Actor, id: string): Promise<void> {
    const eventId = await this.deps.transaction(async (db) => {
      const { session } = await this.writableSession(db, actor, id);
      if (session.registered > 0) {
        throw AppError.conflict(ErrorCode.CONFLICT, `${session.registered} people are registered for this session`, { registered: session.registered });
      }
      await this.deps.sessions.delete(db, id);
      return session.event_id;
    });
    await this.changed(eventId);
  }

  /** The event locked in share mode (its span and capacity stay put until we commit), if the caller owns it and it is not cancelled. */
  private async writableEvent(db: Db, actor: Actor, eventId: string): Promise<Event> {
    const event = requireOwner(actor, await this.deps.events.findForShare(db, eventId));
    if (event.status === 'cancelled') throw AppError.conflict(ErrorCode.CONFLICT, 'This event was cancelled', { event_status: event.status });
    return event;
  }

  /** Locks in the one order every writer uses: the event first, then the session. */
  private async writableSession(db: Db, actor: Actor, id: string): Promise<{ event: Event; session: Session }> {
    const found = await this.deps.sessions.find(db, id);
    if (!found) throw AppError.notFound('Session');
    const event = await this.writableEvent(db, actor, found.event_id);
    const session = await this.deps.sessions.findForUpdate(db, id);
    if (!session) throw AppError.notFound('Session');
    return { event, session };
  }

  private changed(eventId: string): Promise<void> {
    return dropCached(this.deps.cache, this.deps.logger, eventId);
  }
}

/** A session's own rules against its event, as field errors (400). */
export function checkSession(event: Pick<Event, 'start_at' | 'end_at' | 'capacity'>, session: SessionValues): void {
  const errors: FieldError[] = [];
  const span = `the event runs from ${event.start_at.toISOString()} to ${event.end_at.toISOString()}`;
  if (session.end_at.getTime() <= session.start_at.getTime()) errors.push({ field: 'body.end_at', message: 'must be after start_at' });
  if (session.start_at.getTime() < event.start_at.getTime() || session.start_at.getTime() >= event.end_at.getTime()) {
    errors.push({ field: 'body.start_at', message: `must be within the event (${span})` });
  }
  if (session.end_at.getTime() > event.end_at.getTime() || session.end_at.getTime() <= event.start_at.getTime()) {
    errors.push({ field: 'body.end_at', message: `must be within the event (${span})` });
  }
  if (session.capacity > event.capacity) errors.push({ field: 'body.capacity', message: `must be at most the event's capacity (${event.capacity})` });
  if (errors.length > 0) throw AppError.validation(errors, 'The session does not fit its event');
}
