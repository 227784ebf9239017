import { randomUUID } from 'node:crypto';
import { ErrorCode, pageBounds, sliceToPage, type Page, type PaginationQuery, type TicketCancelledData } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import type { Db, DomainPlatform, IdempotencyStore } from '@marquee/service';
import { cardProblems, summarise, type CardInput } from './card';
import type { CardProcessor } from './card-processor';
import type { KnownTicket, KnownTicketsStore, TicketSource } from './known-tickets.store';
import { fromCents, toCents, type Actor, type Payment, type Refund } from './payment';
import type { PaymentsStore } from './payments.store';

export interface PaymentsDeps extends DomainPlatform {
  payments: PaymentsStore;
  tickets: KnownTicketsStore;
  ticketSource: TicketSource;
  processor: CardProcessor;
  idempotency: IdempotencyStore;
  now?: () => Date;
}

export interface PayInput {
  ticketId: string;
  amount?: number;
  card: CardInput;
}

export interface PayRequest {
  /** The caller's access token, forwarded to tickets when the ticket is not known here yet. */
  bearerToken: string;
  idempotencyKey?: string;
}

export interface RefundInput {
  amount?: number;
  reason?: string;
}

/** The ticket-cancel reasons that mean "the buyer gets the money back". */
const REFUNDING_REASONS: ReadonlySet<TicketCancelledData['reason']> = new Set(['requested', 'showtime_cancelled', 'payment_late']);

/**
 * The rules of paying for a ticket and of giving money back. No HTTP and no SQL here; the card
 * number is handed to the processor and dropped — only brand and last four digits go further.
 */
export class PaymentsService {
  constructor(private readonly deps: PaymentsDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /**
   * Charges the ticket's amount. A decline is a recorded payment with status `failed`, not an
   * error. Concurrent payments of one ticket queue on its read-model row, and the partial unique
   * index is the last word: at most one succeeded payment per ticket.
   */
  async pay<T>(actor: Actor, input: PayInput, request: PayRequest, render: (payment: Payment) => T): Promise<T> {
    const problems = cardProblems(input.card, this.now());
    if (problems.length > 0) throw AppError.validation(problems);
    // Asked before the transaction (no connection held across HTTP); written inside it, so a refused payment writes nothing.
    const fetched = await this.fetchUnknownTicket(input.ticketId, request.bearerToken);
    const card = summarise(input.card);
    // The fingerprint must not be a hash of the number (a hash of a card number is guessable).
    const scope = request.idempotencyKey
      ? {
          userId: actor.id,
          key: request.idempotencyKey,
          request: {
            op: 'POST /api/payments',
            ticket_id: input.ticketId,
            amount: input.amount ?? null,
            card: { ...card, exp_month: input.card.exp_month, exp_year: input.card.exp_year },
          },
        }
      : undefined;

    return this.deps.transaction(async (db) => {
      if (scope) {
        const claim = await this.deps.idempotency.claim<T>(db, scope);
        if (claim.replay) return claim.answer.body;
      }
      // Stated as of now: an older ticket.* event arriving later changes nothing, a newer one wins.
      if (fetched) await this.deps.tickets.apply(db, fetched, this.now());
      const ticket = await this.deps.tickets.lock(db, input.ticketId);
      if (!ticket) throw AppError.notFound('The ticket');
      if (ticket.user_id !== actor.id) throw AppError.forbidden('This ticket is not yours');
      if (await this.deps.payments.succeededOfTicket(db, ticket.ticket_id)) {
        throw AppError.conflict(ErrorCode.TICKET_NOT_PAYABLE, 'This ticket is already paid', { ticket_status: ticket.status });
      }
      if (ticket.status !== 'reserved') {
        throw AppError.conflict(ErrorCode.TICKET_NOT_PAYABLE, `This ticket is ${ticket.status}, not waiting for payment`, { ticket_status: ticket.status });
      }
      const dueCents = toCents(ticket.amount);
      if (input.amount !== undefined && toCents(input.amount) !== dueCents) {
        throw new AppError(ErrorCode.AMOUNT_MISMATCH, `The ticket costs ${fromCents(dueCents).toFixed(2)} ${ticket.currency}`, {
          status: 400,
          errors: [{ field: 'body.amount', message: `must be the ticket's amount, ${fromCents(dueCents).toFixed(2)}` }],
          details: { expected_amount: fromCents(dueCents), currency: ticket.currency },
        });
      }

      const id = randomUUID();
      const result = await this.deps.processor.charge({ paymentId: id, amountCents: dueCents, currency: ticket.currency, card: input.card });
      const payment = await this.deps.payments.insert(db, {
        id,
        ticket_id: ticket.ticket_id,
        user_id: ticket.user_id,
        amount: fromCents(dueCents),
        currency: ticket.currency,
        status: result.status,
        failure_code: result.status === 'failed' ? result.failure_code : null,
        failure_message: result.status === 'failed' ? result.failure_message : null,
        card: result.card,
        processor_ref: result.reference,
      });
      await this.publishOutcome(db, payment);
      this.deps.logger.info('payment recorded', { payment_id: payment.id, ticket_id: payment.ticket_id, status: payment.status, brand: payment.card.brand, last4: payment.card.last4 });
      const body = render(payment);
      if (scope) await this.deps.idempotency.complete(db, scope, { status: 201, body });
      return body;
    });
  }

  /** The ticket from its owner when no event has told us of it yet; undefined when we know it. */
  private async fetchUnknownTicket(ticketId: string, bearerToken: string): Promise<KnownTicket | undefined> {
    if (await this.deps.tickets.find(this.deps.db, ticketId)) return undefined;
    const fetched = await this.deps.ticketSource.fetch(ticketId, bearerToken);
    if (!fetched) throw AppError.notFound('The ticket');
    return fetched;
  }

  private async publishOutcome(db: Db, payment: Payment): Promise<void> {
    const base = {
      payment_id: payment.id,
      ticket_id: payment.ticket_id,
      user_id: payment.user_id,
      amount: payment.amount,
      currency: payment.currency,
      card: payment.card,
    };
    if (payment.status === 'succeeded') await this.deps.publish(db, 'payment.succeeded', { ...base, status: 'succeeded' });
    else {
      await this.deps.publish(db, 'payment.failed', {
        ...base,
        status: 'failed',
        failure_code: payment.failure_code ?? 'processing_error',
        failure_message: payment.failure_message,
      });
    }
  }

  async get(actor: Actor, id: string): Promise<Payment> {
    const payment = await this.deps.payments.get(this.deps.db, id);
    if (!payment) throw AppError.notFound('The payment');
    if (payment.user_id !== actor.id && !actor.isAdmin) throw AppError.forbidden('This payment is not yours');
    return payment;
  }

  async listOfUser(userId: string, query: PaginationQuery): Promise<Page<Payment>> {
    return sliceToPage(await this.deps.payments.pageOfUser(this.deps.db, userId, pageBounds(query)), query);
  }

  /** A full (no amount) or partial refund by the owner or an admin; never above what is left. */
  async refund(actor: Actor, paymentId: string, input: RefundInput): Promise<{ payment: Payment; refund: Refund }> {
    return this.deps.transaction(async (db) => {
      const payment = await this.deps.payments.lock(db, paymentId);
      if (!payment) throw AppError.notFound('The payment');
      if (payment.user_id !== actor.id && !actor.isAdmin) throw AppError.forbidden('This payment is not yours');
      const leftCents = payment.status === 'succeeded' ? toCents(payment.amount) - toCents(payment.refunded_total) : 0;
      const wantedCents = input.amount === undefined ? leftCents : toCents(input.amount);
      if (wantedCents <= 0 || wantedCents > leftCents) {
        throw AppError.conflict(
          ErrorCode.REFUND_EXCEEDS_PAYMENT,
          payment.status === 'succeeded'
            ? `At most ${fromCents(leftCents).toFixed(2)} ${payment.currency} can still be refunded`
            : 'This payment failed: nothing was captured',
          { refundable_amount: fromCents(leftCents) },
        );
      }
      const done = await this.refundWithin(db, payment, wantedCents, input.reason ?? null, false);
      if (!done) {
        throw AppError.conflict(ErrorCode.REFUND_EXCEEDS_PAYMENT, 'The refund would exceed what was captured', { refundable_amount: fromCents(leftCents) });
      }
      return done;
    });
  }

  /**
   * Applies a ticket.* fact to the read model and, when a paid ticket was cancelled for the
   * buyer's benefit (status `refunded`), gives the rest of its succeeded payment back — once per
   * ticket, whatever the redeliveries.
   */
  async onTicketFact(db: Db, ticket: KnownTicket, at: Date, cancelled?: TicketCancelledData): Promise<void> {
    await this.deps.tickets.apply(db, ticket, at);
    if (!cancelled || cancelled.status !== 'refunded' || !REFUNDING_REASONS.has(cancelled.reason)) return;
    const payment = await this.deps.payments.succeededOfTicket(db, ticket.ticket_id, { lock: true });
    if (!payment) {
      this.deps.logger.warn('a refunded ticket has no succeeded payment here', { ticket_id: ticket.ticket_id, reason: cancelled.reason });
      return;
    }
    if (await this.deps.payments.hasTicketCancelRefund(db, payment.id)) return;
    const leftCents = toCents(payment.amount) - toCents(payment.refunded_total);
    if (leftCents <= 0) return;
    await this.refundWithin(db, payment, leftCents, cancelled.reason, true);
  }

  /** Records the refund (the SQL guard decides) first, then asks the processor: if it fails, the transaction rolls back. */
  private async refundWithin(
    db: Db,
    payment: Payment,
    cents: number,
    reason: string | null,
    ticketCancelled: boolean,
  ): Promise<{ payment: Payment; refund: Refund } | undefined> {
    const done = await this.deps.payments.refund(db, { id: randomUUID(), payment_id: payment.id, amount: fromCents(cents), reason, ticketCancelled });
    if (!done) return undefined;
    await this.deps.processor.refund({
      refundId: done.refund.id,
      chargeReference: payment.processor_ref ?? payment.id,
      amountCents: cents,
      currency: payment.currency,
    });
    const updated = done.payment;
    await this.deps.publish(db, 'payment.refunded', {
      payment_id: updated.id,
      ticket_id: updated.ticket_id,
      user_id: updated.user_id,
      amount: updated.amount,
      currency: updated.currency,
      card: updated.card,
      status: toCents(updated.refunded_total) >= toCents(updated.amount) ? 'refunded' : 'partially_refunded',
      refund_id: done.refund.id,
      refunded_amount: done.refund.amount,
      total_refunded: updated.refunded_total,
      reason,
    });
    this.deps.logger.info('payment refunded', { payment_id: updated.id, refund_id: done.refund.id, amount: done.refund.amount });
    return done;
  }
}
