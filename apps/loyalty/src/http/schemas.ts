import { isoDateTimeSchema, loyaltyTierSchema, pageSchema, pointsChangeReasonSchema } from '@marquee/contracts';
import { z } from 'zod';
import {
  MAX_ADJUSTMENT,
  MAX_COST_POINTS,
  MAX_NOTE,
  MAX_REWARD_DESCRIPTION,
  MAX_REWARD_NAME,
  MAX_STOCK,
  type Membership,
  type PointMovement,
  type Redemption,
  type Reward,
} from '../domain/loyalty';

const uuid = () => z.uuid({ message: 'must be a UUID' });

function text(max: number) {
  return z
    .string({ message: 'must be text' })
    .trim()
    .min(1, { message: 'is required' })
    .max(max, { message: `must be at most ${max} characters` });
}

function wholeNumber(min: number, max: number, what = 'a whole number') {
  const message = `must be ${what} from ${min} to ${max}`;
  return z.number({ message }).int({ message }).min(min, { message }).max(max, { message });
}

export const userParamsSchema = z.object({ user_id: uuid() });
export const idParamsSchema = z.object({ id: uuid() });

export const joinSchema = z
  .object({
    user_id: uuid().optional().meta({ description: 'Someone else only for an admin (else 403); left out: the caller' }),
  })
  .optional()
  .meta({ id: 'LoyaltyJoin', description: 'Optional; without a body the caller joins' });

export const adjustmentSchema = z
  .object({
    points: wholeNumber(-MAX_ADJUSTMENT, MAX_ADJUSTMENT)
      .refine((n) => n !== 0, { message: 'must not be 0' })
      .meta({ description: 'Added to the balance and to lifetime points; negative takes away (never below zero)' }),
    reason: text(MAX_NOTE).meta({ description: 'Why: kept in the ledger and sent in loyalty.points_changed' }),
  })
  .meta({ id: 'PointsAdjustment' });

export const newRewardSchema = z
  .object({
    name: text(MAX_REWARD_NAME).meta({ description: 'Unique, ignoring case' }),
    description: text(MAX_REWARD_DESCRIPTION),
    cost_points: wholeNumber(1, MAX_COST_POINTS),
    stock: wholeNumber(0, MAX_STOCK)
      .nullable()
      .optional()
      .meta({ description: 'How many can be redeemed; left out or null: unlimited' }),
  })
  .meta({ id: 'NewReward' });

export const membershipSchema = z
  .object({
    user_id: z.uuid(),
    tier: loyaltyTierSchema.meta({ description: 'From lifetime points (thresholds in the service config)' }),
    points: z.number().int().meta({ description: 'The spendable balance, never below zero' }),
    lifetime_points: z.number().int().meta({ description: 'Every point earned (less refunded earnings and negative adjustments); spending does not lower it' }),
    joined_at: isoDateTimeSchema,
  })
  .meta({ id: 'Membership' });

export const movementSchema = z
  .object({
    id: z.uuid(),
    reason: pointsChangeReasonSchema,
    source_id: z.uuid().nullable().meta({ description: 'The payment, refund or redemption; null for a manual adjustment' }),
    delta: z.number().int().meta({ description: 'How the balance moved (0 when a refund found the points already spent)' }),
    lifetime_delta: z.number().int(),
    balance_after: z.number().int(),
    lifetime_points_after: z.number().int(),
    note: z.string().nullable(),
    created_at: isoDateTimeSchema,
  })
  .meta({ id: 'PointMovement' });

export const membershipDetailsSchema = membershipSchema
  .extend({ movements: z.array(movementSchema).meta({ description: 'The latest point movements, newest first' }) })
  .meta({ id: 'MembershipDetails' });

export const adjustedSchema = membershipSchema.extend({ movement: movementSchema }).meta({ id: 'MembershipAdjusted' });

export const rewardSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    cost_points: z.number().int(),
    stock: z.number().int().nullable().meta({ description: 'Left to redeem; null: unlimited' }),
    available: z.boolean().meta({ description: 'Whether it can be redeemed now (stock left)' }),
    created_at: isoDateTimeSchema,
  })
  .meta({ id: 'Reward' });

export const rewardPageSchema = pageSchema(rewardSchema).meta({ id: 'RewardPage' });

export const redemptionSchema = z
  .object({
    redemption_id: z.uuid(),
    reward_id: z.uuid(),
    code: z.string().meta({ description: 'Unique; what the member shows to claim the reward (`MQ-XXXX-XXXX-XXXX`)' }),
    points_left: z.number().int(),
  })
  .meta({ id: 'Redemption' });

export function membershipBody(m: Membership): z.input<typeof membershipSchema> {
  return { user_id: m.user_id, tier: m.tier, points: m.points, lifetime_points: m.lifetime_points, joined_at: m.created_at.toISOString() };
}

export function movementBody(m: PointMovement): z.input<typeof movementSchema> {
  return {
    id: m.id,
    reason: m.reason,
    source_id: m.source_id,
    delta: m.delta,
    lifetime_delta: m.lifetime_delta,
    balance_after: m.balance_after,
    lifetime_points_after: m.lifetime_after,
    note: m.note,
    created_at: m.created_at.toISOString(),
  };
}

export function rewardBody(r: Reward): z.input<typeof rewardSchema> {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    cost_points: r.cost_points,
    stock: r.stock,
    available: r.stock === null || r.stock > 0,
    created_at: r.created_at.toISOString(),
  };
}

export function redemptionBody(r: Redemption): z.input<typeof redemptionSchema> {
  return { redemption_id: r.redemption_id, reward_id: r.reward_id, code: r.code, points_left: r.points_left };
}
