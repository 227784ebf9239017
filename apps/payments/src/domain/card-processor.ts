import type { CardInput, CardSummary } from './card';

export interface ChargeRequest {
  /** Our payment id: the processor's idempotency key for the charge. */
  paymentId: string;
  amountCents: number;
  currency: string;
  card: CardInput;
}

export type ChargeResult =
  | { status: 'succeeded'; reference: string; card: CardSummary }
  | { status: 'failed'; reference: string; card: CardSummary; failure_code: string; failure_message: string };

export interface RefundRequest {
  /** Our refund id: the processor's idempotency key for the refund. */
  refundId: string;
  /** The charge's reference, as `charge` answered it. */
  chargeReference: string;
  amountCents: number;
  currency: string;
}

/**
 * Who moves the money (a simulated processor in development and tests, Stripe in production).
 * A decline is an answer (`failed`), not an error; a thrown error means the processor could not
 * be asked, and nothing is recorded.
 */
export interface CardProcessor {
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: RefundRequest): Promise<{ reference: string }>;
}
