import type { CardSummary } from './card';

export type PaymentStatus = 'succeeded' | 'failed';

export interface Payment {
  id: string;
  ticket_id: string;
  user_id: string;
  /** In the currency's unit, 2 decimals. */
  amount: number;
  currency: string;
  status: PaymentStatus;
  failure_code: string | null;
  failure_message: string | null;
  card: CardSummary;
  processor_ref: string | null;
  refunded_total: number;
  created_at: Date;
  updated_at: Date;
}

export interface Refund {
  id: string;
  payment_id: string;
  amount: number;
  reason: string | null;
  created_at: Date;
}

/** Who is acting. */
export interface Actor {
  id: string;
  isAdmin: boolean;
}

/** Money in cents, so that comparisons never meet binary fractions. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

export function fromCents(cents: number): number {
  return cents / 100;
}
