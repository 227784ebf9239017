import type { ConfigIssue } from '@marquee/core';
import { z } from 'zod';
import type { TierRules } from './domain/tiers';

const thresholdVar = z.coerce
  .number({ message: 'must be a whole number of lifetime points' })
  .int({ message: 'must be a whole number of lifetime points' })
  .min(1, { message: 'must be at least 1' })
  .max(1_000_000_000, { message: 'must be at most 1000000000' });

/** Points per currency unit in a tier: 0 to 10, at most two decimals (1.25). */
const multiplierVar = z.coerce
  .number({ message: 'must be a number such as 1.25' })
  .min(0, { message: 'must be between 0 and 10' })
  .max(10, { message: 'must be between 0 and 10' })
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-9, { message: 'must have at most 2 decimals' });

/**
 * The loyalty service's own environment variables, validated with the shared ones at start
 * (every bad one named). Defaults work on a developer machine.
 */
export const loyaltyConfigShape = {
  /** Lifetime points from which a member is silver, gold and platinum (bronze below silver). */
  LOYALTY_SILVER_POINTS: thresholdVar.default(500),
  LOYALTY_GOLD_POINTS: thresholdVar.default(2_000),
  LOYALTY_PLATINUM_POINTS: thresholdVar.default(5_000),
  /** Points per whole currency unit paid, by the member's tier when the payment lands. */
  LOYALTY_BRONZE_MULTIPLIER: multiplierVar.default(1),
  LOYALTY_SILVER_MULTIPLIER: multiplierVar.default(1.25),
  LOYALTY_GOLD_MULTIPLIER: multiplierVar.default(1.5),
  LOYALTY_PLATINUM_MULTIPLIER: multiplierVar.default(2),
  /** How many of the latest point movements `GET /api/memberships/{user_id}` shows. */
  LOYALTY_RECENT_MOVEMENTS: z.coerce.number().int().min(1).max(100).default(20),
};

type LoyaltyConfig = { [K in keyof typeof loyaltyConfigShape]: z.output<(typeof loyaltyConfigShape)[K]> };

/** The tiers as the domain uses them. */
export function tierRules(config: LoyaltyConfig): TierRules {
  return {
    thresholds: { silver: config.LOYALTY_SILVER_POINTS, gold: config.LOYALTY_GOLD_POINTS, platinum: config.LOYALTY_PLATINUM_POINTS },
    multipliers: {
      bronze: config.LOYALTY_BRONZE_MULTIPLIER,
      silver: config.LOYALTY_SILVER_MULTIPLIER,
      gold: config.LOYALTY_GOLD_MULTIPLIER,
      platinum: config.LOYALTY_PLATINUM_MULTIPLIER,
    },
  };
}

/** Thresholds must climb: silver < gold < platinum. */
export function loyaltyConfigIssues(config: LoyaltyConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (config.LOYALTY_GOLD_POINTS <= config.LOYALTY_SILVER_POINTS) {
    issues.push({ variable: 'LOYALTY_GOLD_POINTS', message: `must be above LOYALTY_SILVER_POINTS (${config.LOYALTY_SILVER_POINTS})` });
  }
  if (config.LOYALTY_PLATINUM_POINTS <= config.LOYALTY_GOLD_POINTS) {
    issues.push({ variable: 'LOYALTY_PLATINUM_POINTS', message: `must be above LOYALTY_GOLD_POINTS (${config.LOYALTY_GOLD_POINTS})` });
  }
  return issues;
}
