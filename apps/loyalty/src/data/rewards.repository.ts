import { ErrorCode, type Bounds, type Slice } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import { isUniqueViolation, pagedQuery } from '@marquee/postgres';
import type { Db } from '@marquee/service';
import type { NewReward, Reward } from '../domain/loyalty';
import type { RewardsStore } from '../domain/rewards.store';

const REWARD = 'id, name, description, cost_points, stock, created_at';

function reward(row: Omit<Reward, 'cost_points'> & { cost_points: string | number }): Reward {
  return { ...row, cost_points: Number(row.cost_points) };
}

export class RewardsRepository implements RewardsStore {
  async insert(db: Db, r: NewReward): Promise<Reward> {
    try {
      const { rows } = await db.query(
        `INSERT INTO rewards (id, name, description, cost_points, stock) VALUES ($1, $2, $3, $4, $5) RETURNING ${REWARD}`,
        [r.id, r.name, r.description, r.cost_points, r.stock],
      );
      return reward(rows[0]);
    } catch (error) {
      if (isUniqueViolation(error, 'rewards_name_key')) {
        throw AppError.conflict(ErrorCode.CONFLICT, 'A reward already has this name', { name: r.name });
      }
      throw error;
    }
  }

  async insertIfAbsent(db: Db, r: NewReward): Promise<boolean> {
    const { rowCount } = await db.query(
      `INSERT INTO rewards (id, name, description, cost_points, stock) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [r.id, r.name, r.description, r.cost_points, r.stock],
    );
    return rowCount === 1;
  }

  async find(db: Db, id: string): Promise<Reward | null> {
    const { rows } = await db.query(`SELECT ${REWARD} FROM rewards WHERE id = $1`, [id]);
    return rows[0] ? reward(rows[0]) : null;
  }

  async page(db: Db, bounds: Bounds): Promise<Slice<Reward>> {
    const slice = await pagedQuery<Reward & { cost_points: string }>(
      db,
      { sql: `SELECT ${REWARD} FROM rewards`, orderBy: 'cost_points, name, id' },
      bounds,
    );
    return { items: slice.items.map(reward), total: slice.total };
  }

  async takeOne(db: Db, id: string): Promise<boolean> {
    // Conditional: a redeemer waiting for the row re-reads the stock it left, so the last item
    // goes to exactly one of them. Unlimited stock (null) is locked the same way and left null.
    const { rowCount } = await db.query('UPDATE rewards SET stock = stock - 1 WHERE id = $1 AND (stock IS NULL OR stock > 0)', [id]);
    return rowCount === 1;
  }

  async insertRedemption(db: Db, r: { id: string; user_id: string; reward_id: string; cost_points: number; code: string }): Promise<boolean> {
    // ON CONFLICT on the code only: a drawn code already in use leaves the transaction usable.
    const { rowCount } = await db.query(
      `INSERT INTO redemptions (id, user_id, reward_id, cost_points, code) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT redemptions_code_key DO NOTHING`,
      [r.id, r.user_id, r.reward_id, r.cost_points, r.code],
    );
    return rowCount === 1;
  }
}
