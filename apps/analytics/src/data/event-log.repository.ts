import type { Db } from '@marquee/service';
import type { EventLogStore, EventOrigin, StoredEvent } from '../domain/event-log.store';

interface EventRow {
  id: string;
  type: string;
  source: string;
  time: Date;
  correlation_id: string | null;
  data: unknown;
}

export class EventLogRepository implements EventLogStore {
  async append(db: Db, event: StoredEvent, origin: EventOrigin): Promise<boolean> {
    const { rowCount } = await db.query(
      `INSERT INTO domain_events (id, type, source, time, correlation_id, data, via, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO NOTHING`,
      [event.id, event.type, event.source, event.time, event.correlation_id, JSON.stringify(event.data), origin.via, origin.via === 'api' ? origin.recordedBy : null],
    );
    return rowCount === 1;
  }

  async find(db: Db, id: string): Promise<StoredEvent | null> {
    const { rows } = await db.query<EventRow>('SELECT id, type, source, time, correlation_id, data FROM domain_events WHERE id = $1', [id]);
    return rows[0] ?? null;
  }

  async freeze(db: Db): Promise<void> {
    // EXCLUSIVE conflicts with the ROW EXCLUSIVE lock of every INSERT, and still lets readers read.
    await db.query('LOCK TABLE domain_events IN EXCLUSIVE MODE');
  }

  async readAfter(db: Db, cursor: { time: Date; id: string } | null, limit: number): Promise<StoredEvent[]> {
    const columns = 'SELECT id, type, source, time, correlation_id, data FROM domain_events';
    // Paging by (time, id) is safe here: the replay has frozen the log, nothing commits behind it.
    const { rows } = cursor
      ? await db.query<EventRow>(`${columns} WHERE (time, id) > ($1, $2) ORDER BY time, id LIMIT $3`, [cursor.time, cursor.id, limit])
      : await db.query<EventRow>(`${columns} ORDER BY time, id LIMIT $1`, [limit]);
    return rows;
  }
}
