import { z } from 'zod';
import { uuidSchema } from '../primitives';

export const loyaltyTierSchema = z.enum(['bronze', 'silver', 'gold', 'platinum']);
export type LoyaltyTier = z.infer<typeof loyaltyTierSchema>;

const pointsSchema = z.number().int().nonnegative();

/** What moved a point balance. */
export const pointsChangeReasonSchema = z.enum([
  'ticket_purchase',
  'payment_refund',
  'reward_redemption',
  'manual_adjustment',
]);
export type PointsChangeReason = z.infer<typeof pointsChangeReasonSchema>;

/**
 * `loyalty.points_changed`: a member's balance moved by `delta` (negative when points are taken
 * back or spent) to `balance`. `source_id` names what caused it (the payment or the redemption),
 * `null` for a manual adjustment, whose text is in `note`.
 */
export const loyaltyPointsChangedDataSchema = z.object({
  user_id: uuidSchema,
  delta: z.number().int().refine((n) => n !== 0, { error: 'delta must not be 0' }),
  balance: pointsSchema,
  lifetime_points: pointsSchema,
  tier: loyaltyTierSchema,
  reason: pointsChangeReasonSchema,
  source_id: uuidSchema.nullable(),
  note: z.string().nullable(),
});
export type LoyaltyPointsChangedData = z.infer<typeof loyaltyPointsChangedDataSchema>;

/** `loyalty.tier_changed`: lifetime points moved the member from one tier to another. */
export const loyaltyTierChangedDataSchema = z
  .object({
    user_id: uuidSchema,
    from: loyaltyTierSchema,
    to: loyaltyTierSchema,
    lifetime_points: pointsSchema,
  })
  .refine((t) => t.from !== t.to, { error: 'to must differ from from', path: ['to'] });
export type LoyaltyTierChangedData = z.infer<typeof loyaltyTierChangedDataSchema>;

/** `reward.redeemed`: points were spent on a reward; `code` is what the member shows to claim it. */
export const rewardRedeemedDataSchema = z.object({
  user_id: uuidSchema,
  reward_id: uuidSchema,
  reward_name: z.string().min(1),
  redemption_id: uuidSchema,
  cost_points: z.number().int().positive(),
  code: z.string().min(1),
  points_left: pointsSchema,
});
export type RewardRedeemedData = z.infer<typeof rewardRedeemedDataSchema>;
