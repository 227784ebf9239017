import type { Bounds, Slice } from '@marquee/contracts';
import { pagedQuery } from '@marquee/postgres';
import type { Db } from '@marquee/service';
import type { Attendee, Event, MyRegistration, Registration } from '../domain/event';
import type { RegistrationsStore } from '../domain/registrations.store';
import { EVENT_COLUMNS, toEvent } from './events.repository';

/** The registration's chosen sessions, in id order (an empty array when none). */
const SESSION_IDS = 'ARRAY(SELECT rs.session_id FROM registration_sessions rs WHERE rs.registration_id = r.id ORDER BY rs.session_id) AS session_ids';
const REGISTRATION_COLUMNS = `r.id, r.event_id, r.user_id, r.status, r.created_at, ${SESSION_IDS}`;

type MineRow = Event & { registration_id: string; registration_status: Registration['status']; registered_at: Date; session_ids: string[] };

export class RegistrationsRepository implements RegistrationsStore {
  async insertActive(db: Db, registration: { id: string; event_id: string; user_id: string; created_at: Date }): Promise<boolean> {
    const { rowCount } = await db.query(
      `INSERT INTO registrations (id, event_id, user_id, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (event_id, user_id) WHERE status = 'active' DO NOTHING`,
      [registration.id, registration.event_id, registration.user_id, registration.created_at],
    );
    return rowCount === 1;
  }

  async addSessions(db: Db, registrationId: string, sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    await db.query('INSERT INTO registration_sessions (registration_id, session_id) SELECT $1, unnest($2::uuid[])', [registrationId, sessionIds]);
  }

  async findActiveForUpdate(db: Db, eventId: string, userId: string): Promise<Registration | null> {
    const { rows } = await db.query<Registration>(
      `SELECT ${REGISTRATION_COLUMNS} FROM registrations r WHERE r.event_id = $1 AND r.user_id = $2 AND r.status = 'active' FOR UPDATE OF r`,
      [eventId, userId],
    );
    return rows[0] ?? null;
  }

  async cancel(db: Db, id: string): Promise<void> {
    await db.query(`UPDATE registrations SET status = 'cancelled', cancelled_at = now() WHERE id = $1`, [id]);
  }

  async attendeeIds(db: Db, eventId: string): Promise<string[]> {
    const { rows } = await db.query<{ user_id: string }>(
      `SELECT user_id FROM registrations WHERE event_id = $1 AND status = 'active' ORDER BY created_at, id`,
      [eventId],
    );
    return rows.map((r) => r.user_id);
  }

  attendees(db: Db, eventId: string, sessionId: string | undefined, bounds: Bounds): Promise<Slice<Attendee>> {
    const params: unknown[] = [eventId];
    let bySession = '';
    if (sessionId !== undefined) {
      params.push(sessionId);
      bySession = ' AND EXISTS (SELECT 1 FROM registration_sessions rs WHERE rs.registration_id = r.id AND rs.session_id = $2)';
    }
    return pagedQuery<Attendee>(
      db,
      {
        sql: `SELECT r.id AS registration_id, r.user_id, u.name, r.created_at AS registered_at, ${SESSION_IDS}
              FROM registrations r LEFT JOIN known_users u ON u.user_id = r.user_id
              WHERE r.event_id = $1 AND r.status = 'active'${bySession}`,
        params,
        orderBy: 'registered_at, registration_id',
      },
      bounds,
    );
  }

  async mine(db: Db, userId: string, bounds: Bounds): Promise<Slice<MyRegistration>> {
    const slice = await pagedQuery<MineRow>(
      db,
      {
        sql: `SELECT ${EVENT_COLUMNS}, r.id AS registration_id, r.status AS registration_status, r.created_at AS registered_at, ${SESSION_IDS}
              FROM registrations r JOIN events e ON e.id = r.event_id
              WHERE r.user_id = $1 AND r.status = 'active' AND e.deleted_at IS NULL`,
        params: [userId],
        orderBy: 'start_at, id',
      },
      bounds,
    );
    return {
      total: slice.total,
      items: slice.items.map((row) => ({
        event: toEvent(row),
        registration: {
          id: row.registration_id,
          event_id: row.id,
          user_id: userId,
          status: row.registration_status,
          session_ids: row.session_ids,
          created_at: row.registered_at,
        },
      })),
    };
  }
}
