import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import type { Db, DomainPlatform } from '@marquee/service';
import type { Actor, Membership, PaymentEarning, PointMovement } from './loyalty';
import type { MembershipsStore } from './memberships.store';
import type { PointsBook } from './points-book';
import { earnedPoints, reclaimTarget, toCents, type TierRules } from './tiers';

export interface MembershipsDeps extends DomainPlatform {
  memberships: MembershipsStore;
  book: PointsBook;
  tiers: TierRules;
  /** How many movements a membership shows. */
  recentMovements: number;
}

/** A payment as loyalty needs it (from payment.succeeded or payment.refunded). */
export interface PaidPayment {
  paymentId: string;
  userId: string;
  amount: number;
}

export interface RefundedPayment extends PaidPayment {
  refundId: string;
  /** All refunds of the payment so far (the event's total_refunded). */
  totalRefunded: number;
}

export type EarnOutcome = { earned: number; reclaimed: number } | 'duplicate';

/** The rules about members and their points. No HTTP and no SQL here. */
export class MembershipsService {
  constructor(private readonly deps: MembershipsDeps) {}

  /** Joins `userId` (an admin may join anyone): idempotent, `created` tells whether this call did it. */
  async join(actor: Actor, userId: string): Promise<{ membership: Membership; created: boolean }> {
    assertSelfOrAdmin(actor, userId);
    const created = await this.deps.memberships.ensure(this.deps.db, userId);
    const membership = await this.deps.memberships.find(this.deps.db, userId);
    if (!membership) throw new Error(`membership ${userId} vanished right after it was ensured`);
    return { membership, created };
  }

  /** The membership with its latest movements; the member themselves or an admin. */
  async get(actor: Actor, userId: string): Promise<{ membership: Membership; movements: PointMovement[] }> {
    assertSelfOrAdmin(actor, userId);
    const membership = await this.deps.memberships.find(this.deps.db, userId);
    if (!membership) throw AppError.notFound('Membership');
    const movements = await this.deps.memberships.latestMovements(this.deps.db, userId, this.deps.recentMovements);
    return { membership, movements };
  }

  /**
   * An admin's adjustment, with its reason. It moves the balance and lifetime points alike (a
   * correction of an earning); a negative one that would take the balance below zero is 409
   * INSUFFICIENT_POINTS and changes nothing.
   */
  adjust(userId: string, points: number, reason: string): Promise<{ membership: Membership; movement: PointMovement }> {
    return this.deps.transaction(async (db) => {
      const id = randomUUID();
      const moved = await this.deps.book.move(db, {
        id,
        userId,
        reason: 'manual_adjustment',
        sourceKey: `adjustment:${id}`,
        sourceId: null,
        delta: points,
        lifetimeDelta: points,
        note: reason,
      });
      if (moved) return moved;
      const member = await this.deps.memberships.find(db, userId);
      if (!member) throw AppError.notFound('Membership');
      throw insufficientPoints(member.points, -points);
    });
  }

  /**
   * payment.succeeded: the buyer becomes a member if they were not, and earns floor(amount) ×
   * their tier's multiplier, once per payment whatever the number of deliveries. A refund that
   * overtook this payment is applied right after.
   */
  async paymentSucceeded(db: Db, payment: PaidPayment): Promise<EarnOutcome> {
    // Lock order everywhere: the membership row, then the payment's row.
    await this.deps.memberships.ensure(db, payment.userId);
    const member = await this.deps.memberships.findForUpdate(db, payment.userId);
    if (!member) throw new Error(`membership ${payment.userId} vanished right after it was ensured`);
    const amountCents = toCents(payment.amount);
    const points = earnedPoints(amountCents, this.deps.tiers.multipliers[member.tier]);
    const earning = await this.deps.memberships.recordEarning(db, {
      payment_id: payment.paymentId,
      user_id: payment.userId,
      amount_cents: amountCents,
      points,
    });
    if (!earning) return 'duplicate';
    if (points > 0) {
      const moved = await this.deps.book.move(db, {
        userId: payment.userId,
        reason: 'ticket_purchase',
        sourceKey: `payment:${payment.paymentId}`,
        sourceId: payment.paymentId,
        delta: points,
        lifetimeDelta: points,
      });
      if (!moved) throw new Error(`crediting ${points} points to ${payment.userId} was refused`);
    }
    const reclaimed = earning.last_refund_id ? await this.reclaim(db, { ...earning, points }, earning.last_refund_id) : 0;
    return { earned: points, reclaimed };
  }

  /**
   * payment.refunded: takes back the refunded share of what the payment earned (cumulative over
   * its refunds, so partial refunds in any order, or told twice, add up to that share and never
   * more). Points the member has spent meanwhile cannot be taken: the balance goes to zero at
   * most and the rest is written off. Answers the points taken from the balance.
   */
  async paymentRefunded(db: Db, refund: RefundedPayment): Promise<number> {
    // Lock order everywhere: the membership row (when there is one), then the payment's row.
    await this.deps.memberships.findForUpdate(db, refund.userId);
    const earning = await this.deps.memberships.recordRefund(db, {
      payment_id: refund.paymentId,
      user_id: refund.userId,
      amount_cents: toCents(refund.amount),
      refunded_cents: toCents(refund.totalRefunded),
      refund_id: refund.refundId,
    });
    // No earning yet: the payment's event takes the share back when it lands. Whether a membership
    // was found above does not decide: a refund racing its payment's first event finds none (not
    // committed yet), then waits in recordRefund for that payment to commit and sees its points,
    // so the share is taken now (reclaim locks the membership the payment created).
    if (earning.points === null) return 0;
    return this.reclaim(db, earning, refund.refundId);
  }

  /** Takes back what the earning's refunds call for and was not taken yet; the caller holds the membership's lock. */
  private async reclaim(db: Db, earning: PaymentEarning, refundId: string): Promise<number> {
    const earned = earning.points ?? 0;
    const target = reclaimTarget(earned, earning.amount_cents, earning.refunded_cents);
    const step = target - earning.reclaimed;
    if (step <= 0) return 0;
    await this.deps.memberships.setReclaimed(db, earning.payment_id, target);
    const member = await this.deps.memberships.findForUpdate(db, earning.user_id);
    if (!member) return 0;
    const taken = Math.min(step, member.points);
    const lifetimeTaken = Math.min(step, member.lifetime_points);
    if (taken === 0 && lifetimeTaken === 0) return 0;
    const moved = await this.deps.book.move(db, {
      userId: earning.user_id,
      reason: 'payment_refund',
      sourceKey: `refund:${refundId}`,
      sourceId: refundId,
      delta: -taken,
      lifetimeDelta: -lifetimeTaken,
      note: taken < step ? `${step - taken} of the ${step} points to take back were already spent` : null,
    });
    if (!moved) throw new Error(`taking back ${taken} points from ${earning.user_id} was refused`);
    return taken;
  }
}

function assertSelfOrAdmin(actor: Actor, userId: string): void {
  if (actor.id !== userId && !actor.isAdmin) throw AppError.forbidden('You can only see or change your own membership');
}

/** 409 INSUFFICIENT_POINTS: the balance holds `points`, `needed` were asked for. */
export function insufficientPoints(points: number, needed: number): AppError {
  return AppError.conflict(ErrorCode.INSUFFICIENT_POINTS, `Not enough points: the balance is ${points}, ${needed} are needed`, {
    points,
    needed,
  });
}
