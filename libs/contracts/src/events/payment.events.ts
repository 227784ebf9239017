import { z } from 'zod';
import { currencySchema, moneySchema, uuidSchema } from '../primitives';

/** The card as payments keeps it: brand and last four digits, never the number. */
export const paymentCardSchema = z.object({
  brand: z.string().min(1),
  last4: z.string().regex(/^\d{4}$/, { error: 'expected 4 digits' }),
});
export type PaymentCard = z.infer<typeof paymentCardSchema>;

const paymentBaseSchema = z.object({
  payment_id: uuidSchema,
  ticket_id: uuidSchema,
  user_id: uuidSchema,
  /** The amount charged (or attempted). */
  amount: moneySchema,
  currency: currencySchema,
  card: paymentCardSchema,
});

/** `payment.succeeded`: the ticket is paid; tickets confirms it, loyalty adds points. */
export const paymentSucceededDataSchema = paymentBaseSchema.extend({ status: z.literal('succeeded') });
export type PaymentSucceededData = z.infer<typeof paymentSucceededDataSchema>;

/**
 * `payment.failed`: the card was refused; tickets releases the seats. `failure_code` follows
 * Stripe's decline codes (`card_declined`, `insufficient_funds`, `expired_card`,
 * `processing_error`, …); it is a string, not an enum, so a new code does not break consumers.
 */
export const paymentFailedDataSchema = paymentBaseSchema.extend({
  status: z.literal('failed'),
  failure_code: z.string().min(1),
  failure_message: z.string().nullable(),
});
export type PaymentFailedData = z.infer<typeof paymentFailedDataSchema>;

/**
 * `payment.refunded`: money went back to the card (full or partial). `refunded_amount` is this
 * refund, `total_refunded` all refunds of the payment so far (never above `amount`); tickets
 * cancels the ticket, loyalty takes back the points in proportion.
 */
export const paymentRefundedDataSchema = paymentBaseSchema
  .extend({
    status: z.enum(['refunded', 'partially_refunded']),
    refund_id: uuidSchema,
    refunded_amount: moneySchema.positive(),
    total_refunded: moneySchema.positive(),
    reason: z.string().nullable(),
  })
  .refine((p) => p.refunded_amount <= p.total_refunded && p.total_refunded <= p.amount, {
    error: 'refunded_amount ≤ total_refunded ≤ amount',
    path: ['refunded_amount'],
  });
export type PaymentRefundedData = z.infer<typeof paymentRefundedDataSchema>;
