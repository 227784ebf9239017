import type { LoyaltyTier } from '@marquee/contracts';

/** Tier thresholds (lifetime points, bronze below silver) and points per currency unit in each tier. */
export interface TierRules {
  thresholds: { silver: number; gold: number; platinum: number };
  multipliers: Record<LoyaltyTier, number>;
}

/** The tier a member with these lifetime points is in. */
export function tierFor(lifetimePoints: number, rules: TierRules): LoyaltyTier {
  const { silver, gold, platinum } = rules.thresholds;
  if (lifetimePoints >= platinum) return 'platinum';
  if (lifetimePoints >= gold) return 'gold';
  if (lifetimePoints >= silver) return 'silver';
  return 'bronze';
}

/** Money in whole cents, free of binary fractions (12.3 → 1230). */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

/**
 * Points a payment earns: one per whole currency unit paid (floor), times the tier's multiplier,
 * rounded down. Computed in hundredths so 1.15 × 20 is 23, not 22.999….
 */
export function earnedPoints(amountCents: number, multiplier: number): number {
  const units = Math.floor(amountCents / 100);
  return Math.floor((units * Math.round(multiplier * 100)) / 100);
}

/**
 * How many of a payment's `earned` points are taken back once `refundedCents` of its
 * `amountCents` went back to the card: the same share, rounded down, so a full refund takes
 * back exactly what was earned and never more. Cumulative (all refunds so far), so partial
 * refunds in any order add up to the same total.
 */
export function reclaimTarget(earned: number, amountCents: number, refundedCents: number): number {
  if (earned <= 0 || amountCents <= 0 || refundedCents <= 0) return 0;
  if (refundedCents >= amountCents) return earned;
  return Number((BigInt(earned) * BigInt(refundedCents)) / BigInt(amountCents));
}
