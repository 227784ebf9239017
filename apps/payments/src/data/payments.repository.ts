import { ErrorCode, type Bounds, type Slice } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import { isUniqueViolation, pagedQuery } from '@marquee/postgres';
import type { Db } from '@marquee/service';
import type { Payment, Refund } from '../domain/payment';
import type { NewPayment, NewRefund, PaymentsStore } from '../domain/payments.store';

interface PaymentRow extends Omit<Payment, 'card'> {
  card_brand: string;
  card_last4: string;
}

const COLUMNS = `id, ticket_id, user_id, amount::float8 AS amount, currency, status, failure_code, failure_message,
  card_brand, card_last4, processor_ref, refunded_total::float8 AS refunded_total, created_at, updated_at`;

function toPayment({ card_brand, card_last4, ...row }: PaymentRow): Payment {
  return { ...row, card: { brand: card_brand, last4: card_last4 } };
}

export class PaymentsRepository implements PaymentsStore {
  async insert(db: Db, p: NewPayment): Promise<Payment> {
    try {
      const { rows } = await db.query<PaymentRow>(
        `INSERT INTO payments (id, ticket_id, user_id, amount, currency, status, failure_code, failure_message, card_brand, card_last4, processor_ref)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
        [p.id, p.ticket_id, p.user_id, p.amount, p.currency, p.status, p.failure_code, p.failure_message, p.card.brand, p.card.last4, p.processor_ref],
      );
      return toPayment(rows[0] as PaymentRow);
    } catch (error) {
      if (isUniqueViolation(error, 'payments_one_success_per_ticket')) {
        throw AppError.conflict(ErrorCode.TICKET_NOT_PAYABLE, 'This ticket is already paid', { ticket_id: p.ticket_id });
      }
      throw error;
    }
  }

  async get(db: Db, id: string): Promise<Payment | undefined> {
    const { rows } = await db.query<PaymentRow>(`SELECT ${COLUMNS} FROM payments WHERE id = $1`, [id]);
    return rows[0] && toPayment(rows[0]);
  }

  async lock(db: Db, id: string): Promise<Payment | undefined> {
    const { rows } = await db.query<PaymentRow>(`SELECT ${COLUMNS} FROM payments WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] && toPayment(rows[0]);
  }

  async succeededOfTicket(db: Db, ticketId: string, options: { lock?: boolean } = {}): Promise<Payment | undefined> {
    const { rows } = await db.query<PaymentRow>(
      `SELECT ${COLUMNS} FROM payments WHERE ticket_id = $1 AND status = 'succeeded'${options.lock ? ' FOR UPDATE' : ''}`,
      [ticketId],
    );
    return rows[0] && toPayment(rows[0]);
  }

  async pageOfUser(db: Db, userId: string, bounds: Bounds): Promise<Slice<Payment>> {
    const slice = await pagedQuery<PaymentRow>(
      db,
      { sql: `SELECT ${COLUMNS} FROM payments WHERE user_id = $1`, params: [userId], orderBy: 'created_at DESC, id' },
      bounds,
    );
    return { ...slice, items: slice.items.map(toPayment) };
  }

  async refund(db: Db, r: NewRefund): Promise<{ payment: Payment; refund: Refund } | undefined> {
    // The guard is this WHERE: concurrent refunds serialise on the row, and each re-checks the
    // committed total (READ COMMITTED re-evaluates the condition); the CHECK backs it up.
    const { rows } = await db.query<PaymentRow>(
      `UPDATE payments SET refunded_total = refunded_total + $2::numeric, updated_at = now()
        WHERE id = $1 AND status = 'succeeded' AND refunded_total + $2::numeric <= amount
        RETURNING ${COLUMNS}`,
      [r.payment_id, r.amount],
    );
    const row = rows[0];
    if (!row) return undefined;
    try {
      const inserted = await db.query<Refund>(
        `INSERT INTO refunds (id, payment_id, amount, reason, ticket_cancelled) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, payment_id, amount::float8 AS amount, reason, created_at`,
        [r.id, r.payment_id, r.amount, r.reason, r.ticketCancelled],
      );
      return { payment: toPayment(row), refund: inserted.rows[0] as Refund };
    } catch (error) {
      // A second ticket-cancel refund of one payment: the caller's transaction rolls back.
      if (isUniqueViolation(error, 'refunds_one_per_ticket_cancel')) {
        throw AppError.conflict(ErrorCode.REFUND_EXCEEDS_PAYMENT, 'This ticket was already refunded', { payment_id: r.payment_id });
      }
      throw error;
    }
  }

  async hasTicketCancelRefund(db: Db, paymentId: string): Promise<boolean> {
    const { rowCount } = await db.query('SELECT 1 FROM refunds WHERE payment_id = $1 AND ticket_cancelled', [paymentId]);
    return (rowCount ?? 0) > 0;
  }
}
