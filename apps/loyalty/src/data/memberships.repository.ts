import type { Db } from '@marquee/service';
import type { LoyaltyTier, Membership, NewMovement, PaymentEarning, PointMovement } from '../domain/loyalty';
import type { MembershipsStore } from '../domain/memberships.store';

// bigint columns come back from pg as strings; every figure here stays far below 2^53.
type Raw<T, K extends keyof T> = Omit<T, K> & { [P in K]: string | number };

const MEMBERSHIP = 'user_id, tier, points, lifetime_points, created_at';
const MOVEMENT = 'id, user_id, reason, source_id, delta, lifetime_delta, balance_after, lifetime_after, note, created_at';
const EARNING = 'payment_id, user_id, amount_cents, points, refunded_cents, last_refund_id, reclaimed';

function membership(row: Raw<Membership, 'points' | 'lifetime_points'>): Membership {
  return { ...row, points: Number(row.points), lifetime_points: Number(row.lifetime_points) };
}

function movement(row: Raw<PointMovement, 'delta' | 'lifetime_delta' | 'balance_after' | 'lifetime_after'>): PointMovement {
  return {
    ...row,
    delta: Number(row.delta),
    lifetime_delta: Number(row.lifetime_delta),
    balance_after: Number(row.balance_after),
    lifetime_after: Number(row.lifetime_after),
  };
}

function earning(row: Omit<PaymentEarning, 'amount_cents' | 'points' | 'refunded_cents' | 'reclaimed'> & Record<'amount_cents' | 'refunded_cents' | 'reclaimed', string | number> & { points: string | number | null }): PaymentEarning {
  return {
    ...row,
    amount_cents: Number(row.amount_cents),
    points: row.points === null ? null : Number(row.points),
    refunded_cents: Number(row.refunded_cents),
    reclaimed: Number(row.reclaimed),
  };
}

export class MembershipsRepository implements MembershipsStore {
  async ensure(db: Db, userId: string): Promise<boolean> {
    const { rowCount } = await db.query('INSERT INTO memberships (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING', [userId]);
    return rowCount === 1;
  }

  async find(db: Db, userId: string): Promise<Membership | null> {
    const { rows } = await db.query(`SELECT ${MEMBERSHIP} FROM memberships WHERE user_id = $1`, [userId]);
    return rows[0] ? membership(rows[0]) : null;
  }

  async findForUpdate(db: Db, userId: string): Promise<Membership | null> {
    const { rows } = await db.query(`SELECT ${MEMBERSHIP} FROM memberships WHERE user_id = $1 FOR UPDATE`, [userId]);
    return rows[0] ? membership(rows[0]) : null;
  }

  async move(db: Db, userId: string, delta: number, lifetimeDelta: number): Promise<Membership | null> {
    // The WHERE is the guard: under concurrent moves each one re-reads the row it waited for, so
    // two spends can never both take the last points (the CHECK constraint backs it up).
    const { rows } = await db.query(
      `UPDATE memberships
          SET points = points + $2, lifetime_points = GREATEST(lifetime_points + $3, 0), updated_at = now()
        WHERE user_id = $1 AND points + $2 >= 0
        RETURNING ${MEMBERSHIP}`,
      [userId, delta, lifetimeDelta],
    );
    return rows[0] ? membership(rows[0]) : null;
  }

  async setTier(db: Db, userId: string, tier: LoyaltyTier): Promise<void> {
    await db.query('UPDATE memberships SET tier = $2, updated_at = now() WHERE user_id = $1', [userId, tier]);
  }

  async record(db: Db, m: NewMovement & { balance_after: number; lifetime_after: number }): Promise<PointMovement> {
    const { rows } = await db.query(
      `INSERT INTO point_movements (id, user_id, source_key, reason, source_id, delta, lifetime_delta, balance_after, lifetime_after, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       RETURNING ${MOVEMENT}`,
      [m.id, m.user_id, m.source_key, m.reason, m.source_id, m.delta, m.lifetime_delta, m.balance_after, m.lifetime_after, m.note],
    );
    return movement(rows[0]);
  }

  async latestMovements(db: Db, userId: string, limit: number): Promise<PointMovement[]> {
    const { rows } = await db.query(
      `SELECT ${MOVEMENT} FROM point_movements WHERE user_id = $1 ORDER BY created_at DESC, seq DESC LIMIT $2`,
      [userId, limit],
    );
    return rows.map(movement);
  }

  async recordEarning(
    db: Db,
    e: { payment_id: string; user_id: string; amount_cents: number; points: number },
  ): Promise<PaymentEarning | null> {
    const { rows } = await db.query(
      `INSERT INTO payment_earnings AS pe (payment_id, user_id, amount_cents, points) VALUES ($1, $2, $3, $4)
       ON CONFLICT (payment_id) DO UPDATE SET points = EXCLUDED.points, amount_cents = EXCLUDED.amount_cents
         WHERE pe.points IS NULL
       RETURNING ${EARNING}`,
      [e.payment_id, e.user_id, e.amount_cents, e.points],
    );
    return rows[0] ? earning(rows[0]) : null;
  }

  async recordRefund(
    db: Db,
    r: { payment_id: string; user_id: string; amount_cents: number; refunded_cents: number; refund_id: string },
  ): Promise<PaymentEarning> {
    // DO UPDATE always touches the row, so it is locked whether or not the total grew.
    const { rows } = await db.query(
      `INSERT INTO payment_earnings AS pe (payment_id, user_id, amount_cents, refunded_cents, last_refund_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (payment_id) DO UPDATE SET
         refunded_cents = GREATEST(pe.refunded_cents, EXCLUDED.refunded_cents),
         last_refund_id = CASE WHEN EXCLUDED.refunded_cents > pe.refunded_cents THEN EXCLUDED.last_refund_id ELSE pe.last_refund_id END
       RETURNING ${EARNING}`,
      [r.payment_id, r.user_id, r.amount_cents, r.refunded_cents, r.refund_id],
    );
    return earning(rows[0]);
  }

  async setReclaimed(db: Db, paymentId: string, reclaimed: number): Promise<void> {
    await db.query('UPDATE payment_earnings SET reclaimed = $2 WHERE payment_id = $1', [paymentId, reclaimed]);
  }
}
