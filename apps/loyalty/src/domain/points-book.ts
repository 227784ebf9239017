import { randomUUID } from 'node:crypto';
import type { DomainPlatform, Db } from '@marquee/service';
import type { Membership, NewMovement, PointMovement, PointsChangeReason } from './loyalty';
import type { MembershipsStore } from './memberships.store';
import { tierFor, type TierRules } from './tiers';

export interface PointsBookDeps extends Pick<DomainPlatform, 'publish'> {
  memberships: MembershipsStore;
  tiers: TierRules;
}

/**
 * One move to make: `delta` on the balance, `lifetimeDelta` on lifetime points. Callers keep
 * lifetime points from going below zero (the store floors them at zero as a last resort).
 */
export interface Move {
  userId: string;
  reason: PointsChangeReason;
  /** Unique per cause (see `NewMovement.source_key`). */
  sourceKey: string;
  sourceId: string | null;
  delta: number;
  lifetimeDelta: number;
  note?: string | null;
  /** The ledger line's id (a redemption passes its own); generated when left out. */
  id?: string;
}

export interface Moved {
  membership: Membership;
  movement: PointMovement;
}

/**
 * The one way points move. In the caller's transaction: the balance moves only if it stays at or
 * above zero (a conditional UPDATE, the CHECK behind it), the tier follows lifetime points, the
 * ledger gets its line, and `loyalty.points_changed` (and `loyalty.tier_changed` on a new tier)
 * go to the outbox with it.
 */
export class PointsBook {
  constructor(private readonly deps: PointsBookDeps) {}

  /** The move made, or null when the balance would go below zero (nothing changed then). */
  async move(db: Db, move: Move): Promise<Moved | null> {
    const moved = await this.deps.memberships.move(db, move.userId, move.delta, move.lifetimeDelta);
    if (!moved) return null;
    const before = moved.tier;
    const tier = tierFor(moved.lifetime_points, this.deps.tiers);
    if (tier !== before) await this.deps.memberships.setTier(db, move.userId, tier);
    const line: NewMovement = {
      id: move.id ?? randomUUID(),
      user_id: move.userId,
      source_key: move.sourceKey,
      reason: move.reason,
      source_id: move.sourceId,
      delta: move.delta,
      lifetime_delta: move.lifetimeDelta,
      note: move.note ?? null,
    };
    const movement = await this.deps.memberships.record(db, { ...line, balance_after: moved.points, lifetime_after: moved.lifetime_points });
    const membership: Membership = { ...moved, tier };
    if (move.delta !== 0) {
      await this.deps.publish(db, 'loyalty.points_changed', {
        user_id: move.userId,
        delta: move.delta,
        balance: moved.points,
        lifetime_points: moved.lifetime_points,
        tier,
        reason: move.reason,
        source_id: move.sourceId,
        note: movement.note,
      });
    }
    if (tier !== before) {
      await this.deps.publish(db, 'loyalty.tier_changed', { user_id: move.userId, from: before, to: tier, lifetime_points: moved.lifetime_points });
    }
    return { membership, movement };
  }
}
