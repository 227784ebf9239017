import { ErrorCode } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import { isCheckViolation, isExclusionViolation } from '@marquee/postgres';
import type { Db } from '@marquee/service';
import type { Session } from '../domain/event';
import type { SessionsStore, SessionValues } from '../domain/sessions.store';

const SESSION_COLUMNS = 's.id, s.event_id, s.title, s.speaker, s.room, s.start_at, s.end_at, s.capacity, s.registered';

/** The constraints' refusals as answers: an overlap in the room is 409 SESSION_CONFLICT. */
function refusal(error: unknown, room: string): AppError | null {
  if (isExclusionViolation(error, 'sessions_no_overlap')) {
    return AppError.conflict(ErrorCode.SESSION_CONFLICT, `Another session of this event is in the room "${room}" at that time`, { room });
  }
  if (isCheckViolation(error, 'sessions_not_overbooked')) {
    return AppError.conflict(ErrorCode.CONFLICT, 'The capacity cannot go below the places already taken');
  }
  return null;
}

export class SessionsRepository implements SessionsStore {
  async insert(db: Db, session: SessionValues & { id: string; event_id: string }): Promise<Session> {
    try {
      const { rows } = await db.query<Session>(
        `INSERT INTO sessions AS s (id, event_id, title, speaker, room, start_at, end_at, capacity)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${SESSION_COLUMNS}`,
        [session.id, session.event_id, session.title, session.speaker, session.room, session.start_at, session.end_at, session.capacity],
      );
      return rows[0] as Session;
    } catch (error) {
      throw refusal(error, session.room) ?? error;
    }
  }

  async find(db: Db, id: string): Promise<Session | null> {
    const { rows } = await db.query<Session>(`SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findForUpdate(db: Db, id: string): Promise<Session | null> {
    const { rows } = await db.query<Session>(`SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  async ofEvent(db: Db, eventId: string): Promise<Session[]> {
    const { rows } = await db.query<Session>(`SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.event_id = $1 ORDER BY s.start_at, lower(s.room), s.id`, [
      eventId,
    ]);
    return rows;
  }

  async update(db: Db, id: string, values: SessionValues): Promise<Session> {
    try {
      const { rows } = await db.query<Session>(
        `UPDATE sessions s SET title = $2, speaker = $3, room = $4, start_at = $5, end_at = $6, capacity = $7, updated_at = now()
         WHERE s.id = $1 RETURNING ${SESSION_COLUMNS}`,
        [id, values.title, values.speaker, values.room, values.start_at, values.end_at, values.capacity],
      );
      return rows[0] as Session;
    } catch (error) {
      throw refusal(error, values.room) ?? error;
    }
  }

  async delete(db: Db, id: string): Promise<void> {
    await db.query('DELETE FROM sessions WHERE id = $1', [id]);
  }

  async span(db: Db, eventId: string): Promise<{ start_at: Date; end_at: Date } | null> {
    const { rows } = await db.query<{ start_at: Date | null; end_at: Date | null }>(
      'SELECT min(start_at) AS start_at, max(end_at) AS end_at FROM sessions WHERE event_id = $1',
      [eventId],
    );
    const row = rows[0];
    return row?.start_at && row.end_at ? { start_at: row.start_at, end_at: row.end_at } : null;
  }

  async clampCapacity(db: Db, eventId: string, capacity: number): Promise<number> {
    // A session's registrations are registrations of its event, so they fit a capacity the
    // event's registrations fit.
    const { rowCount } = await db.query('UPDATE sessions SET capacity = $2, updated_at = now() WHERE event_id = $1 AND capacity > $2', [eventId, capacity]);
    return rowCount ?? 0;
  }

  async claimPlace(db: Db, sessionId: string, eventId: string): Promise<Session | null> {
    const { rows } = await db.query<Session>(
      `UPDATE sessions s SET registered = registered + 1, updated_at = now()
       WHERE s.id = $1 AND s.event_id = $2 AND s.registered < s.capacity
       RETURNING ${SESSION_COLUMNS}`,
      [sessionId, eventId],
    );
    return rows[0] ?? null;
  }

  async releasePlaces(db: Db, sessionIds: string[]): Promise<void> {
    // One statement per session, in the caller's (id) order: every writer locks sessions the same way.
    for (const id of sessionIds) await db.query('UPDATE sessions SET registered = registered - 1, updated_at = now() WHERE id = $1', [id]);
  }

  async registrationsClashing(db: Db, sessionId: string, start: Date, end: Date): Promise<{ registrations: number; session_ids: string[] }> {
    const { rows } = await db.query<{ registrations: number; session_ids: string[] | null }>(
      `SELECT count(DISTINCT mine.registration_id)::int AS registrations, array_agg(DISTINCT other.session_id) AS session_ids
         FROM registration_sessions mine
         JOIN registrations r ON r.id = mine.registration_id AND r.status = 'active'
         JOIN registration_sessions other ON other.registration_id = mine.registration_id AND other.session_id <> mine.session_id
         JOIN sessions s ON s.id = other.session_id
        WHERE mine.session_id = $1 AND tstzrange(s.start_at, s.end_at) && tstzrange($2, $3)`,
      [sessionId, start, end],
    );
    return { registrations: rows[0]?.registrations ?? 0, session_ids: rows[0]?.session_ids ?? [] };
  }
}
