import type { Bounds, Slice } from '@marquee/contracts';
import { pagedQuery } from '@marquee/postgres';
import type { Db } from '@marquee/service';
import type { NewNotification, Notification, NotificationsStore } from '../domain/notification';

const COLUMNS = 'id, user_id, type, title, message, movie_id, image, read_at IS NOT NULL AS read, created_at';

export class NotificationsRepository implements NotificationsStore {
  async insert(db: Db, n: NewNotification): Promise<void> {
    await db.query(
      `INSERT INTO notifications (id, user_id, type, title, message, movie_id, image, source_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT ON CONSTRAINT notifications_event_user_key DO NOTHING`,
      [n.id, n.user_id, n.type, n.title, n.message, n.movie_id, n.image, n.source_event_id],
    );
  }

  pageOfUser(db: Db, userId: string, unreadOnly: boolean, bounds: Bounds): Promise<Slice<Notification>> {
    return pagedQuery<Notification>(
      db,
      {
        sql: `SELECT ${COLUMNS} FROM notifications WHERE user_id = $1${unreadOnly ? ' AND read_at IS NULL' : ''}`,
        params: [userId],
        orderBy: 'created_at DESC, id',
      },
      bounds,
    );
  }

  async unreadCount(db: Db, userId: string): Promise<number> {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', [userId]);
    return rows[0]?.n ?? 0;
  }

  async markRead(db: Db, userId: string, ids: readonly string[]): Promise<number> {
    // The owner is part of the condition: someone else's id matches no row.
    const { rowCount } = await db.query(
      'UPDATE notifications SET read_at = now() WHERE user_id = $1 AND id = ANY($2::uuid[]) AND read_at IS NULL',
      [userId, ids],
    );
    return rowCount ?? 0;
  }
}
