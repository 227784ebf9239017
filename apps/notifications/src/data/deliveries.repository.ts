import type { Bounds, Slice } from '@marquee/contracts';
import { pagedQuery } from '@marquee/postgres';
import type { Db } from '@marquee/service';
import { SECRET_PAYLOAD_KEYS, type DeliveriesStore, type Delivery, type DeliveryFilter, type NewDelivery } from '../domain/delivery';

const COLUMNS = 'id, channel, user_id, recipient, template, subject, payload, status, attempts, last_error, next_attempt_at, sent_at, created_at';

export class DeliveriesRepository implements DeliveriesStore {
  async insert(db: Db, d: NewDelivery): Promise<void> {
    await db.query(
      `INSERT INTO deliveries (id, channel, user_id, recipient, template, subject, payload, source_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT ON CONSTRAINT deliveries_event_key DO NOTHING`,
      [d.id, d.channel, d.user_id, d.recipient, d.template, d.subject, JSON.stringify(d.payload), d.source_event_id],
    );
  }

  async claimDue(db: Db, limit: number, leaseMs: number): Promise<Delivery[]> {
    // SKIP LOCKED: two senders (replicas, or a slow run and the next) never claim the same row.
    // The claim is committed before sending: the lease, not a held lock, keeps others off it.
    const { rows } = await db.query<Delivery>(
      `WITH due AS (
         SELECT id FROM deliveries
         WHERE status = 'pending' AND next_attempt_at <= now()
         ORDER BY next_attempt_at, id
         LIMIT $1
         FOR UPDATE SKIP LOCKED
       )
       UPDATE deliveries d
       SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2::float8 / 1000), updated_at = now()
       FROM due WHERE d.id = due.id
       RETURNING ${COLUMNS.split(', ').map((c) => `d.${c}`).join(', ')}`,
      [limit, leaseMs],
    );
    return rows;
  }

  async markSent(db: Db, id: string, recipient: string): Promise<void> {
    await db.query(
      `UPDATE deliveries SET status = 'sent', sent_at = now(), recipient = $2, last_error = NULL, payload = payload - $3::text[], updated_at = now()
       WHERE id = $1 AND status = 'pending'`,
      [id, recipient, SECRET_PAYLOAD_KEYS],
    );
  }

  async markAttemptFailed(db: Db, id: string, error: string, retryAt: Date | null, recipient: string | null): Promise<void> {
    await db.query(
      `UPDATE deliveries
       SET last_error = $2, recipient = COALESCE(recipient, $4), updated_at = now(),
           status = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
           next_attempt_at = COALESCE($3::timestamptz, next_attempt_at),
           payload = CASE WHEN $3::timestamptz IS NULL THEN payload - $5::text[] ELSE payload END
       WHERE id = $1 AND status = 'pending'`,
      [id, error, retryAt, recipient, SECRET_PAYLOAD_KEYS],
    );
  }

  page(db: Db, filter: DeliveryFilter, bounds: Bounds): Promise<Slice<Delivery>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) where.push(`status = $${params.push(filter.status)}`);
    if (filter.channel) where.push(`channel = $${params.push(filter.channel)}`);
    return pagedQuery<Delivery>(
      db,
      { sql: `SELECT ${COLUMNS} FROM deliveries${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`, params, orderBy: 'created_at DESC, id' },
      bounds,
    );
  }
}
