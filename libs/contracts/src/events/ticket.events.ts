import { z } from 'zod';
import { currencySchema, isoDateTimeSchema, moneySchema, uuidSchema } from '../primitives';
import { theaterTimeZoneSchema } from './showtime.events';

export const ticketStatusSchema = z.enum(['reserved', 'confirmed', 'cancelled', 'expired', 'refunded']);
export type TicketStatus = z.infer<typeof ticketStatusSchema>;

/**
 * A ticket as payments (amount to collect), showtimes (seat map), notifications (e-ticket) and
 * analytics (sales per movie) need it. Every key is always present, except `theater_timezone` on
 * events from before it existed.
 */
const ticketSnapshotSchema = z.object({
  ticket_id: uuidSchema,
  user_id: uuidSchema,
  showtime_id: uuidSchema,
  movie_id: uuidSchema,
  /** For the e-ticket; copied from the showtime. */
  movie_title: z.string().min(1),
  theater_name: z.string().min(1),
  /**
   * The theater's IANA timezone (`America/Bogota`), copied from the showtime, so the e-ticket
   * shows `start_time` on the theater's clock. Always set by tickets; absent only on events from
   * before it existed, and then a consumer uses its own default zone.
   */
  theater_timezone: theaterTimeZoneSchema,
  start_time: isoDateTimeSchema,
  /** Seat labels (`"A5"`), at least one. */
  seats: z.array(z.string().min(1)).min(1),
  /** Total price of the order, decided by the tickets service. */
  amount: moneySchema,
  currency: currencySchema,
  status: ticketStatusSchema,
  /** When an unpaid hold lapses. */
  expires_at: isoDateTimeSchema,
});

/** `ticket.reserved`: seats held until `expires_at`, waiting for payment. */
export const ticketReservedDataSchema = ticketSnapshotSchema.extend({ status: z.literal('reserved') });
export type TicketReservedData = z.infer<typeof ticketReservedDataSchema>;

/** `ticket.confirmed`: paid; the seats are sold. */
export const ticketConfirmedDataSchema = ticketSnapshotSchema.extend({
  status: z.literal('confirmed'),
  payment_id: uuidSchema,
});
export type TicketConfirmedData = z.infer<typeof ticketConfirmedDataSchema>;

/**
 * Why a ticket was cancelled. `payment_late`: the payment landed after the hold had expired, so
 * the ticket cannot be confirmed and payments refunds the money (status `refunded`).
 */
export const ticketCancelReasonSchema = z.enum(['requested', 'payment_failed', 'payment_refunded', 'showtime_cancelled', 'payment_late']);
export type TicketCancelReason = z.infer<typeof ticketCancelReasonSchema>;

/**
 * The status a ticket had when it was cancelled: any but `refunded` (a refunded ticket is never
 * cancelled again). `cancelled` and `expired` come from money that lands or goes back after the
 * seats were already given up: a payment after the hold was released (then `payment_late`), or a
 * refund of such a payment (then `payment_refunded`).
 */
export const ticketPreviousStatusSchema = z.enum(['reserved', 'confirmed', 'cancelled', 'expired']);
export type TicketPreviousStatus = z.infer<typeof ticketPreviousStatusSchema>;

/**
 * `ticket.cancelled`: the seats are free again. `status` is `refunded` when money was taken for
 * the ticket (the refund itself is announced by `payment.refunded`), else `cancelled`;
 * `previous_status` tells whether a sale is being reversed (only `confirmed` is one).
 */
export const ticketCancelledDataSchema = ticketSnapshotSchema.extend({
  status: z.enum(['cancelled', 'refunded']),
  previous_status: ticketPreviousStatusSchema,
  reason: ticketCancelReasonSchema,
});
export type TicketCancelledData = z.infer<typeof ticketCancelledDataSchema>;

/** `ticket.expired`: a hold was not paid in time; its seats are free again. */
export const ticketExpiredDataSchema = ticketSnapshotSchema.extend({ status: z.literal('expired') });
export type TicketExpiredData = z.infer<typeof ticketExpiredDataSchema>;
