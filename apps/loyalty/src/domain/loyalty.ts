import type { LoyaltyTier, PointsChangeReason } from '@marquee/contracts';

export type { LoyaltyTier, PointsChangeReason };

/** A member: their tier (from lifetime points), spendable balance and lifetime points. */
export interface Membership {
  user_id: string;
  tier: LoyaltyTier;
  points: number;
  lifetime_points: number;
  created_at: Date;
}

/** One line of the ledger. */
export interface PointMovement {
  id: string;
  user_id: string;
  reason: PointsChangeReason;
  /** The payment, refund or redemption that caused it; null for a manual adjustment. */
  source_id: string | null;
  /** How the balance moved (0 when only lifetime points moved: a refund of points already spent). */
  delta: number;
  lifetime_delta: number;
  balance_after: number;
  lifetime_after: number;
  note: string | null;
  created_at: Date;
}

/** A move of a member's points, as the ledger will record it. */
export interface NewMovement {
  id: string;
  user_id: string;
  /** Unique per cause: `payment:<id>`, `refund:<id>`, `redemption:<id>`, `adjustment:<id>`. */
  source_key: string;
  reason: PointsChangeReason;
  source_id: string | null;
  delta: number;
  lifetime_delta: number;
  note: string | null;
}

/** What a payment earned, and how much of it refunds have taken back. */
export interface PaymentEarning {
  payment_id: string;
  user_id: string;
  amount_cents: number;
  /** Null while only a refund of this payment is known (it overtook payment.succeeded). */
  points: number | null;
  /** The highest total refunded seen so far. */
  refunded_cents: number;
  last_refund_id: string | null;
  /** Points refunds have claimed back so far (what the member still held of them, or less). */
  reclaimed: number;
}

export interface Reward {
  id: string;
  name: string;
  description: string;
  cost_points: number;
  /** Null: unlimited. */
  stock: number | null;
  created_at: Date;
}

export interface NewReward {
  id: string;
  name: string;
  description: string;
  cost_points: number;
  stock: number | null;
}

export interface Redemption {
  redemption_id: string;
  reward_id: string;
  code: string;
  points_left: number;
}

/** Who is acting: the token's subject, and whether they are an admin. */
export interface Actor {
  id: string;
  isAdmin: boolean;
}

/** Largest single admin adjustment, either way. */
export const MAX_ADJUSTMENT = 1_000_000;
export const MAX_COST_POINTS = 10_000_000;
export const MAX_STOCK = 1_000_000;
export const MAX_REWARD_NAME = 200;
export const MAX_REWARD_DESCRIPTION = 2000;
export const MAX_NOTE = 500;
