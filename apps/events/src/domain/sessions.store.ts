import type { Db } from '@marquee/service';
import type { NewSession, Session } from './event';

export type SessionValues = Required<NewSession>;

/** Where sessions live; `data/sessions.repository.ts` implements it. */
export interface SessionsStore {
  /** Throws 409 SESSION_CONFLICT when another session of the event overlaps it in the same room. */
  insert(db: Db, session: SessionValues & { id: string; event_id: string }): Promise<Session>;
  find(db: Db, id: string): Promise<Session | null>;
  findForUpdate(db: Db, id: string): Promise<Session | null>;
  /** The event's sessions by start, then room. */
  ofEvent(db: Db, eventId: string): Promise<Session[]>;
  /** Throws 409 SESSION_CONFLICT like `insert`. */
  update(db: Db, id: string, values: SessionValues): Promise<Session>;
  delete(db: Db, id: string): Promise<void>;
  /** The earliest start and latest end of the event's sessions, or null without sessions. */
  span(db: Db, eventId: string): Promise<{ start_at: Date; end_at: Date } | null>;
  /** Lowers every session above `capacity` to it; answers how many changed. */
  clampCapacity(db: Db, eventId: string, capacity: number): Promise<number>;
  /** Takes one place of a session of `eventId` with a conditional update; null when it is full or gone. */
  claimPlace(db: Db, sessionId: string, eventId: string): Promise<Session | null>;
  releasePlaces(db: Db, sessionIds: string[]): Promise<void>;
  /**
   * Active registrations that chose this session and another one overlapping [start, end): a
   * move of the session to those times would give them two sessions at once.
   */
  registrationsClashing(db: Db, sessionId: string, start: Date, end: Date): Promise<{ registrations: number; session_ids: string[] }>;
}
