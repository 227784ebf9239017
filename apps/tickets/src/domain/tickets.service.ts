import { randomUUID } from 'node:crypto';
import {
  ErrorCode,
  pageBounds,
  sliceToPage,
  type Page,
  type PaginationQuery,
  type TicketCancelReason,
  type TicketPreviousStatus,
  type TicketStatus,
} from '@marquee/contracts';
import { AppError } from '@marquee/core';
import type { Db, DomainPlatform, IdempotencyStore } from '@marquee/service';
import type { ShowtimeSource, ShowtimesStore } from './showtimes.store';
import { isBookable, orderAmount, sortSeats, unknownSeats, type Actor, type Showtime, type Ticket, type TicketWithShowtime } from './ticket';
import type { TicketFilter, TicketsStore } from './tickets.store';

/** The read model has not heard of the showtime: the reservation asks showtimes, then runs again. */
class ShowtimeNotKnownHere extends Error {}

export interface TicketsDeps extends DomainPlatform {
  tickets: TicketsStore;
  showtimes: ShowtimesStore;
  showtimeSource: ShowtimeSource;
  idempotency: IdempotencyStore;
  holdMinutes: number;
  refundCutoffHours: number;
  expireBatchSize: number;
  now?: () => Date;
}

export interface Reservation {
  showtimeId: string;
  seats: string[];
}

/** An Idempotency-Key and the request it came with; the answer stored for it is `Ticket`. */
export interface IdempotentRequest {
  key: string;
  request: unknown;
}

/** The rules about tickets. No HTTP and no SQL here. */
export class TicketsService {
  constructor(private readonly deps: TicketsDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** The showtime from the read model, or from its owner when the read model has not heard of it. */
  async showtime(showtimeId: string): Promise<Showtime> {
    const known = await this.deps.showtimes.find(this.deps.db, showtimeId);
    if (known) return known;
    const fetched = await this.deps.showtimeSource.fetch(showtimeId);
    if (!fetched) throw AppError.notFound('Showtime');
    await this.deps.showtimes.apply(this.deps.db, fetched);
    return (await this.deps.showtimes.find(this.deps.db, showtimeId)) ?? fetched;
  }

  /**
   * Holds all the seats or none: the ticket and one row per seat in one transaction, the unique
   * index of active seats deciding any race. The price is the showtime's, never the client's.
   */
  async reserve(userId: string, order: Reservation, idempotent?: IdempotentRequest): Promise<Ticket> {
    try {
      return await this.reserveKnown(userId, order, idempotent);
    } catch (error) {
      if (!(error instanceof ShowtimeNotKnownHere)) throw error;
      // Asked outside any transaction (an HTTP call never holds one open), then once more.
      await this.showtime(order.showtimeId);
      return this.reserveKnown(userId, order, idempotent).catch((again: unknown) => {
        throw again instanceof ShowtimeNotKnownHere ? AppError.notFound('Showtime') : again;
      });
    }
  }

  /**
   * The reservation itself, with the showtime from the read model (no extra read before the
   * transaction on the usual path); `ShowtimeNotKnownHere` when the read model lacks it.
   */
  private reserveKnown(userId: string, order: Reservation, idempotent?: IdempotentRequest): Promise<Ticket> {
    return this.deps.transaction(async (db) => {
      const scope = idempotent ? { userId, key: idempotent.key, request: idempotent.request } : undefined;
      if (scope) {
        const claim = await this.deps.idempotency.claim<Ticket>(db, scope);
        if (claim.replay) return reviveTicket(claim.answer.body);
      }
      const showtime = await this.deps.showtimes.findForBooking(db, order.showtimeId);
      if (!showtime) throw new ShowtimeNotKnownHere();
      const unknown = unknownSeats(showtime, order.seats);
      if (unknown.length > 0) {
        throw new AppError(ErrorCode.UNKNOWN_SEAT, `This showtime's theater has no seat ${unknown.join(', ')}`, {
          status: 400,
          errors: unknown.map((seat) => ({ field: 'body.seats', message: `no seat ${seat} in this theater` })),
          details: { seats: unknown },
        });
      }
      const now = this.now();
      if (!isBookable(showtime, now)) {
        throw AppError.conflict(
          ErrorCode.SHOWTIME_NOT_BOOKABLE,
          showtime.status === 'cancelled' ? 'This showtime was cancelled' : 'This showtime has already started',
          { showtime_status: showtime.status },
        );
      }
      const seats = sortSeats(showtime, order.seats);
      const id = randomUUID();
      const ticket = await this.deps.tickets.insert(db, {
        id,
        user_id: userId,
        showtime_id: showtime.showtime_id,
        seats,
        amount: orderAmount(showtime.price, seats.length),
        currency: showtime.currency,
        expires_at: new Date(now.getTime() + this.deps.holdMinutes * 60_000),
      });
      const taken = await this.deps.tickets.claimSeats(db, id, showtime.showtime_id, seats);
      if (taken.length > 0) {
        // Thrown inside the transaction: the ticket and every seat it did claim roll back.
        throw AppError.conflict(ErrorCode.SEAT_TAKEN, `Already taken: ${taken.join(', ')}`, { seats: taken });
      }
      await this.deps.publish(db, 'ticket.reserved', { ...snapshot({ ...ticket, ...showtimeFacts(showtime) }), status: 'reserved' });
      if (scope) await this.deps.idempotency.complete(db, scope, { status: 201, body: ticket });
      return ticket;
    });
  }

  async get(actor: Actor, id: string): Promise<Ticket> {
    const ticket = await this.deps.tickets.find(this.deps.db, id);
    if (!ticket) throw AppError.notFound('Ticket');
    if (ticket.user_id !== actor.id && !actor.isAdmin) throw AppError.forbidden('This ticket is not yours');
    return ticket;
  }

  async list(filter: TicketFilter, query: PaginationQuery): Promise<Page<Ticket>> {
    return sliceToPage(await this.deps.tickets.page(this.deps.db, filter, pageBounds(query)), query);
  }

  /**
   * The buyer (or an admin) gives a ticket back: a hold is released at once; a paid ticket is
   * refunded through payments (ticket.cancelled with status refunded) while the showtime is far
   * enough away.
   */
  cancel(actor: Actor, id: string): Promise<Ticket> {
    return this.deps.transaction(async (db) => {
      const ticket = await this.deps.tickets.findForUpdate(db, id);
      if (!ticket) throw AppError.notFound('Ticket');
      if (ticket.user_id !== actor.id && !actor.isAdmin) throw AppError.forbidden('This ticket is not yours');
      if (ticket.status === 'reserved') return this.end(db, ticket, 'cancelled', 'reserved', 'requested');
      if (ticket.status === 'confirmed') {
        const cutoff = this.now().getTime() + this.deps.refundCutoffHours * 3_600_000;
        if (ticket.start_time.getTime() > cutoff) return this.end(db, ticket, 'refunded', 'confirmed', 'requested');
        throw AppError.conflict(
          ErrorCode.TICKET_NOT_CANCELLABLE,
          `A paid ticket can be cancelled only up to ${this.deps.refundCutoffHours} hours before the showtime`,
          { status: ticket.status },
        );
      }
      throw AppError.conflict(ErrorCode.TICKET_NOT_CANCELLABLE, `This ticket is already ${ticket.status}`, { status: ticket.status });
    });
  }

  /**
   * payment.succeeded: confirmed only by a conditional update (still reserved and not expired). A
   * payment that lands too late is not kept: the ticket is marked refunded, its seats freed, and
   * ticket.cancelled (reason payment_late) makes payments give the money back.
   */
  async paymentSucceeded(db: Db, ticketId: string, paymentId: string): Promise<'confirmed' | 'duplicate' | 'refunding' | 'unknown'> {
    const confirmed = await this.deps.tickets.confirmIfHeld(db, ticketId, paymentId);
    if (confirmed) {
      await this.deps.publish(db, 'ticket.confirmed', { ...snapshot(confirmed), status: 'confirmed', payment_id: paymentId });
      return 'confirmed';
    }
    const ticket = await this.deps.tickets.findForUpdate(db, ticketId);
    if (!ticket) return 'unknown';
    // The same payment told twice (a redelivery under another event id): already handled. Another
    // payment for a ticket already paid or refunded cannot happen (payments allows one success per
    // ticket); it is left to payments, not answered by cancelling a sold ticket.
    if (ticket.status === 'confirmed' || ticket.status === 'refunded') return 'duplicate';
    // reserved (lapsed, not swept yet), expired, or cancelled (released by its buyer, a failed
    // payment or its showtime's cancellation before this payment landed).
    const previous: TicketPreviousStatus = ticket.status;
    await this.deps.tickets.releaseSeats(db, [ticket.id]);
    const ended = await this.deps.tickets.setStatus(db, ticket.id, 'refunded', { reason: 'payment_late', paymentId });
    await this.deps.publish(db, 'ticket.cancelled', { ...snapshot(ended), status: 'refunded', previous_status: previous, reason: 'payment_late' });
    return 'refunding';
  }

  /** payment.failed: the hold is released at once (if it still is one). */
  async paymentFailed(db: Db, ticketId: string): Promise<boolean> {
    const ticket = await this.deps.tickets.findForUpdate(db, ticketId);
    if (!ticket || ticket.status !== 'reserved') return false;
    await this.end(db, ticket, 'cancelled', 'reserved', 'payment_failed');
    return true;
  }

  /** payment.refunded (in full): the ticket is refunded and its seats free; a repeat changes nothing. */
  async paymentRefunded(db: Db, ticketId: string): Promise<boolean> {
    const ticket = await this.deps.tickets.findForUpdate(db, ticketId);
    if (!ticket || ticket.status === 'refunded') return false;
    // Any other status: a refund may also come for money that landed after the seats were given up.
    await this.end(db, ticket, 'refunded', ticket.status, 'payment_refunded');
    return true;
  }

  /** showtime.cancelled: holds released, paid tickets refunded through payments. */
  async showtimeCancelled(db: Db, showtimeId: string): Promise<number> {
    const live = await this.deps.tickets.lockLiveOfShowtime(db, showtimeId);
    for (const ticket of live) {
      if (ticket.status === 'reserved') await this.end(db, ticket, 'cancelled', 'reserved', 'showtime_cancelled');
      else await this.end(db, ticket, 'refunded', 'confirmed', 'showtime_cancelled');
    }
    return live.length;
  }

  /**
   * Expires lapsed holds in batches, each its own transaction; safe with several sweepers at once
   * (rows are taken FOR UPDATE SKIP LOCKED). Answers how many it expired.
   */
  async expireHolds(signal?: AbortSignal): Promise<number> {
    let total = 0;
    for (;;) {
      if (signal?.aborted) return total;
      const count = await this.deps.transaction(async (db) => {
        const expired = await this.deps.tickets.expireDue(db, this.deps.expireBatchSize);
        await this.deps.tickets.releaseSeats(db, expired.map((t) => t.id));
        for (const ticket of expired) await this.deps.publish(db, 'ticket.expired', { ...snapshot(ticket), status: 'expired' });
        return expired.length;
      });
      total += count;
      if (count < this.deps.expireBatchSize) return total;
    }
  }

  private async end(
    db: Db,
    ticket: TicketWithShowtime,
    status: 'cancelled' | 'refunded',
    previous: TicketPreviousStatus,
    reason: TicketCancelReason,
  ): Promise<TicketWithShowtime> {
    await this.deps.tickets.releaseSeats(db, [ticket.id]);
    const ended = await this.deps.tickets.setStatus(db, ticket.id, status, { reason });
    await this.deps.publish(db, 'ticket.cancelled', { ...snapshot(ended), status, previous_status: previous, reason });
    return ended;
  }
}

function showtimeFacts(showtime: Showtime) {
  return {
    movie_id: showtime.movie_id,
    movie_title: showtime.movie_title,
    theater_name: showtime.theater_name,
    theater_timezone: showtime.theater_timezone,
    start_time: showtime.start_time,
  };
}

/**
 * The keys every ticket.* event carries (status is set by each event). `theater_timezone` is left
 * out only while the read model has not heard it for the showtime (facts from older events).
 */
function snapshot(ticket: TicketWithShowtime): {
  ticket_id: string;
  user_id: string;
  showtime_id: string;
  movie_id: string;
  movie_title: string;
  theater_name: string;
  theater_timezone?: string;
  start_time: string;
  seats: string[];
  amount: number;
  currency: string;
  expires_at: string;
} {
  return {
    ticket_id: ticket.id,
    user_id: ticket.user_id,
    showtime_id: ticket.showtime_id,
    movie_id: ticket.movie_id,
    movie_title: ticket.movie_title,
    theater_name: ticket.theater_name,
    ...(ticket.theater_timezone ? { theater_timezone: ticket.theater_timezone } : {}),
    start_time: ticket.start_time.toISOString(),
    seats: ticket.seats,
    amount: ticket.amount,
    currency: ticket.currency,
    expires_at: ticket.expires_at.toISOString(),
  };
}

/** A ticket stored as JSON for an Idempotency-Key, with its dates back as dates. */
function reviveTicket(body: Ticket): Ticket {
  return { ...body, expires_at: new Date(body.expires_at), created_at: new Date(body.created_at) };
}

export type { TicketStatus };
