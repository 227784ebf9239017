import type { Db } from '@marquee/service';
import type { LoyaltyTier, Membership, NewMovement, PaymentEarning, PointMovement } from './loyalty';

/** Members, their ledger and what each payment earned; `data/memberships.repository.ts` implements it. */
export interface MembershipsStore {
  /** Creates the membership unless there is one; true when this call created it. */
  ensure(db: Db, userId: string): Promise<boolean>;
  find(db: Db, userId: string): Promise<Membership | null>;
  /** The membership, its row locked until the transaction ends. */
  findForUpdate(db: Db, userId: string): Promise<Membership | null>;
  /**
   * Moves the balance by `delta` and lifetime points by `lifetimeDelta` (never below 0) only if
   * the balance stays at or above zero; null when it would not (or there is no such member).
   * The answer has the new balance and lifetime points, and the tier as it was.
   */
  move(db: Db, userId: string, delta: number, lifetimeDelta: number): Promise<Membership | null>;
  setTier(db: Db, userId: string, tier: LoyaltyTier): Promise<void>;
  /** Appends to the ledger (its source key is unique: one cause moves points once). */
  record(db: Db, movement: NewMovement & { balance_after: number; lifetime_after: number }): Promise<PointMovement>;
  /** The latest movements of a member, newest first. */
  latestMovements(db: Db, userId: string, limit: number): Promise<PointMovement[]>;
  /**
   * Records what a payment earned: a new row, or a row a refund created first (points still
   * null), which is then locked. Null when the payment has already earned (a duplicate).
   */
  recordEarning(db: Db, earning: { payment_id: string; user_id: string; amount_cents: number; points: number }): Promise<PaymentEarning | null>;
  /** Raises the payment's refunded total to `refunded_cents` (never lowers it) and locks the row; creates it when the payment is not known yet. */
  recordRefund(
    db: Db,
    refund: { payment_id: string; user_id: string; amount_cents: number; refunded_cents: number; refund_id: string },
  ): Promise<PaymentEarning>;
  setReclaimed(db: Db, paymentId: string, reclaimed: number): Promise<void>;
}
