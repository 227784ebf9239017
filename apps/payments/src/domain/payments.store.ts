import type { Bounds, Slice } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import type { Payment, Refund } from './payment';

export type NewPayment = Omit<Payment, 'created_at' | 'updated_at' | 'refunded_total'>;

export interface NewRefund {
  id: string;
  payment_id: string;
  amount: number;
  reason: string | null;
  /** A refund following ticket.cancelled: at most one per payment (a unique index). */
  ticketCancelled: boolean;
}

/** Where payments and refunds live; `data/payments.repository.ts` implements it. */
export interface PaymentsStore {
  /** Throws 409 TICKET_NOT_PAYABLE when the ticket already has a succeeded payment (the partial unique index). */
  insert(db: Db, payment: NewPayment): Promise<Payment>;
  get(db: Db, id: string): Promise<Payment | undefined>;
  /** The payment, row locked for the transaction. */
  lock(db: Db, id: string): Promise<Payment | undefined>;
  succeededOfTicket(db: Db, ticketId: string, options?: { lock?: boolean }): Promise<Payment | undefined>;
  pageOfUser(db: Db, userId: string, bounds: Bounds): Promise<Slice<Payment>>;
  /**
   * Adds `amount` to the payment's refunded total only if it stays within what was captured (a
   * conditional UPDATE); undefined when it would not. Records the refund row.
   */
  refund(db: Db, refund: NewRefund): Promise<{ payment: Payment; refund: Refund } | undefined>;
  /** Whether the payment already had its ticket-cancel refund. */
  hasTicketCancelRefund(db: Db, paymentId: string): Promise<boolean>;
}
