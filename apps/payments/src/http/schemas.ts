import { isoDateTimeSchema, pageSchema } from '@marquee/contracts';
import { z } from 'zod';
import type { Payment, Refund } from '../domain/payment';

const uuid = () => z.uuid({ message: 'must be a UUID' });

const MAX_AMOUNT = 99_999_999.99;

/** A positive amount with at most 2 decimals. */
const amountSchema = z
  .number({ message: 'must be a number' })
  .positive({ message: 'must be greater than 0' })
  .max(MAX_AMOUNT, { message: `must be at most ${MAX_AMOUNT}` })
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, { message: 'must have at most 2 decimals' });

export const cardInputSchema = z
  .object({
    number: z
      .string({ message: 'must be text' })
      .max(32, { message: 'must be 12 to 19 digits' })
      .regex(/^[\d -]+$/, { message: 'must be 12 to 19 digits' })
      .meta({ description: 'The card number (spaces and dashes allowed); Luhn-checked, never stored: only brand and last four digits are kept' }),
    exp_month: z.number({ message: 'must be a month from 1 to 12' }).int({ message: 'must be a month from 1 to 12' }).min(1, { message: 'must be a month from 1 to 12' }).max(12, { message: 'must be a month from 1 to 12' }),
    exp_year: z.number({ message: 'must be a four-digit year' }).int({ message: 'must be a four-digit year' }).min(2000, { message: 'must be a four-digit year' }).max(2100, { message: 'must be a four-digit year' }),
    cvc: z.string({ message: 'must be 3 or 4 digits' }).regex(/^\d{3,4}$/, { message: 'must be 3 or 4 digits' }),
  })
  .meta({ id: 'PaymentCardInput' });

export const newPaymentSchema = z
  .object({
    ticket_id: uuid(),
    amount: amountSchema.optional().meta({ description: "The ticket's amount; when given it must match it (else 400 `AMOUNT_MISMATCH`)" }),
    payment_method: z.literal('card', { message: 'must be "card"' }),
    card: cardInputSchema,
  })
  .meta({ id: 'NewPayment' });

export const refundRequestSchema = z
  .object({
    amount: amountSchema.optional().meta({ description: 'Partial refund; left out: everything not refunded yet' }),
    reason: z.string({ message: 'must be text' }).trim().min(1, { message: 'must not be blank' }).max(500, { message: 'must be at most 500 characters' }).optional(),
  })
  .meta({ id: 'RefundRequest' });

export const idParamsSchema = z.object({ id: uuid() });
export const userParamsSchema = z.object({ user_id: uuid() });

export const paymentSchema = z
  .object({
    id: z.uuid(),
    ticket_id: z.uuid(),
    user_id: z.uuid(),
    amount: z.number(),
    currency: z.string(),
    status: z.enum(['succeeded', 'failed']),
    failure_code: z.string().optional(),
    failure_message: z.string().optional(),
    card: z.object({ brand: z.string(), last4: z.string() }),
    refunded_amount: z.number().meta({ description: 'All refunds of this payment so far' }),
    created_at: isoDateTimeSchema,
  })
  .meta({ id: 'Payment' });

export const paymentPageSchema = pageSchema(paymentSchema).meta({ id: 'PaymentPage' });

export const refundSchema = z
  .object({
    id: z.uuid(),
    payment_id: z.uuid(),
    amount: z.number(),
    reason: z.string().nullable(),
    created_at: isoDateTimeSchema,
    payment: paymentSchema,
  })
  .meta({ id: 'Refund' });

/** A payment as clients see it: brand and last four digits, never more of the card. */
export function paymentBody(p: Payment): z.input<typeof paymentSchema> {
  return {
    id: p.id,
    ticket_id: p.ticket_id,
    user_id: p.user_id,
    amount: p.amount,
    currency: p.currency,
    status: p.status,
    ...(p.failure_code ? { failure_code: p.failure_code } : {}),
    ...(p.failure_message ? { failure_message: p.failure_message } : {}),
    card: p.card,
    refunded_amount: p.refunded_total,
    created_at: p.created_at.toISOString(),
  };
}

export function refundBody({ payment, refund }: { payment: Payment; refund: Refund }): z.input<typeof refundSchema> {
  return {
    id: refund.id,
    payment_id: refund.payment_id,
    amount: refund.amount,
    reason: refund.reason,
    created_at: refund.created_at.toISOString(),
    payment: paymentBody(payment),
  };
}
