import { ErrorCode, type Bounds, type Slice } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import { isCheckViolation, pagedQuery } from '@marquee/postgres';
import type { Db } from '@marquee/service';
import type { Event, EventFilter, EventStatus, ListingScope, NewEvent } from '../domain/event';
import type { EventsStore } from '../domain/events.store';

export const EVENT_COLUMNS = 'e.id, e.organizer_id, e.title, e.description, e.location, e.category, e.start_at, e.end_at, e.capacity, e.registered, e.status';

/** An event row as the domain sees it (a query may carry more columns, e.g. its search rank). */
export function toEvent(row: Event): Event {
  return {
    id: row.id,
    organizer_id: row.organizer_id,
    title: row.title,
    description: row.description,
    location: row.location,
    category: row.category,
    start_at: row.start_at,
    end_at: row.end_at,
    capacity: row.capacity,
    registered: row.registered,
    status: row.status,
  };
}

function overbooked(error: unknown): AppError | null {
  if (!isCheckViolation(error, 'events_not_overbooked')) return null;
  return AppError.conflict(ErrorCode.CONFLICT, 'The capacity cannot go below the places already taken');
}

export class EventsRepository implements EventsStore {
  async insert(db: Db, event: NewEvent & { id: string; organizer_id: string; status: EventStatus }): Promise<Event> {
    const { rows } = await db.query<Event>(
      `INSERT INTO events AS e (id, organizer_id, title, description, location, category, start_at, end_at, capacity, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${EVENT_COLUMNS}`,
      [event.id, event.organizer_id, event.title, event.description, event.location, event.category, event.start_at, event.end_at, event.capacity, event.status],
    );
    return toEvent(rows[0] as Event);
  }

  async find(db: Db, id: string): Promise<Event | null> {
    const { rows } = await db.query<Event>(`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = $1 AND e.deleted_at IS NULL`, [id]);
    return rows[0] ? toEvent(rows[0]) : null;
  }

  async exists(db: Db, id: string): Promise<boolean> {
    const { rowCount } = await db.query('SELECT 1 FROM events WHERE id = $1', [id]);
    return rowCount === 1;
  }

  async findForUpdate(db: Db, id: string): Promise<Event | null> {
    const { rows } = await db.query<Event>(`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = $1 AND e.deleted_at IS NULL FOR UPDATE`, [id]);
    return rows[0] ? toEvent(rows[0]) : null;
  }

  async findForShare(db: Db, id: string): Promise<Event | null> {
    const { rows } = await db.query<Event>(`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = $1 AND e.deleted_at IS NULL FOR SHARE`, [id]);
    return rows[0] ? toEvent(rows[0]) : null;
  }

  async update(db: Db, id: string, values: NewEvent): Promise<Event> {
    try {
      const { rows } = await db.query<Event>(
        `UPDATE events e SET title = $2, description = $3, location = $4, category = $5, start_at = $6, end_at = $7, capacity = $8, updated_at = now()
         WHERE e.id = $1 RETURNING ${EVENT_COLUMNS}`,
        [id, values.title, values.description, values.location, values.category, values.start_at, values.end_at, values.capacity],
      );
      return toEvent(rows[0] as Event);
    } catch (error) {
      throw overbooked(error) ?? error;
    }
  }

  async setStatus(db: Db, id: string, status: EventStatus, cancelReason: string | null = null): Promise<Event> {
    const { rows } = await db.query<Event>(
      `UPDATE events e SET status = $2, cancel_reason = $3, updated_at = now() WHERE e.id = $1 RETURNING ${EVENT_COLUMNS}`,
      [id, status, cancelReason],
    );
    return toEvent(rows[0] as Event);
  }

  async softDelete(db: Db, id: string): Promise<void> {
    await db.query('UPDATE events SET deleted_at = now(), updated_at = now() WHERE id = $1 AND deleted_at IS NULL', [id]);
  }

  async page(db: Db, scope: ListingScope, filter: EventFilter, bounds: Bounds): Promise<Slice<Event>> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = ['e.deleted_at IS NULL', `e.status = ANY(${param(scope.statuses)}::text[])`];
    if (scope.statuses.includes('draft')) {
      if (scope.drafts.drafts === 'none') where.push(`e.status <> 'draft'`);
      if (scope.drafts.drafts === 'own') where.push(`(e.status <> 'draft' OR e.organizer_id = ${param(scope.drafts.ownerId)})`);
    }
    if (filter.category !== undefined) where.push(`e.category = ${param(filter.category)}`);
    if (filter.from !== undefined) where.push(`e.end_at > ${param(filter.from)}`);
    if (filter.to !== undefined) where.push(`e.start_at < ${param(filter.to)}`);

    let sql: string;
    let orderBy = 'start_at, id';
    if (filter.q !== undefined) {
      // A text of stop words only ("the") has no lexeme: building its tsquery would only make
      // PostgreSQL send a NOTICE, and it matches nothing, so the query stays NULL then.
      const q = param(filter.q);
      sql = `SELECT ${EVENT_COLUMNS}, ts_rank(e.search_vector, t.query) AS search_rank
             FROM events e,
                  (SELECT CASE WHEN length(to_tsvector('english', ${q}::text)) > 0 THEN websearch_to_tsquery('english', ${q}::text) END AS query) t
             WHERE ${where.join(' AND ')} AND e.search_vector @@ t.query`;
      orderBy = 'search_rank DESC, start_at, id';
    } else {
      sql = `SELECT ${EVENT_COLUMNS} FROM events e WHERE ${where.join(' AND ')}`;
    }
    const slice = await pagedQuery<Event>(db, { sql, params, orderBy }, bounds);
    return { total: slice.total, items: slice.items.map(toEvent) };
  }

  async claimPlace(db: Db, id: string, now: Date): Promise<Event | null> {
    const { rows } = await db.query<Event>(
      `UPDATE events e SET registered = registered + 1, updated_at = now()
       WHERE e.id = $1 AND e.deleted_at IS NULL AND e.status = 'published' AND e.end_at > $2 AND e.registered < e.capacity
       RETURNING ${EVENT_COLUMNS}`,
      [id, now],
    );
    return rows[0] ? toEvent(rows[0]) : null;
  }

  async releasePlace(db: Db, id: string): Promise<void> {
    await db.query('UPDATE events SET registered = registered - 1, updated_at = now() WHERE id = $1', [id]);
  }
}
