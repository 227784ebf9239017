import type { Bounds, Slice } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import type { Attendee, MyRegistration, Registration } from './event';

/** Where registrations live; `data/registrations.repository.ts` implements it. */
export interface RegistrationsStore {
  /**
   * Inserts an active registration unless the user has one for the event (the partial unique
   * index decides, waiting for a concurrent insert to commit or roll back); false then.
   */
  insertActive(db: Db, registration: { id: string; event_id: string; user_id: string; created_at: Date }): Promise<boolean>;
  addSessions(db: Db, registrationId: string, sessionIds: string[]): Promise<void>;
  findActiveForUpdate(db: Db, eventId: string, userId: string): Promise<Registration | null>;
  cancel(db: Db, id: string): Promise<void>;
  /** Users actively registered for the event. */
  attendeeIds(db: Db, eventId: string): Promise<string[]>;
  attendees(db: Db, eventId: string, sessionId: string | undefined, bounds: Bounds): Promise<Slice<Attendee>>;
  /** The user's active registrations of events not deleted, by event start. */
  mine(db: Db, userId: string, bounds: Bounds): Promise<Slice<MyRegistration>>;
}
