import { z } from 'zod';
import { currencySchema, isoDateTimeSchema, moneySchema, uuidSchema } from '../primitives';

export const ticketStatusSchema = z.enum(['reserved', 'confirmed', 'cancelled', 'expired', 'refunded']);
export type TicketStatus = z.infer<typeof ticketStatusSchema>;

/**
 * A ticket as payments (amount to collect), showtimes (seat map), notifications (e-ticket) and
 * analytics (sales per movie) need it. Every key is always present.
 */
const ticketSnapshotSchema = z.object({
  ticket_id: uuidSchema,
  user_id: uuidSchema,
  showtime_id: uuidSchema,
  movie_id: uuidSchema,
  /** For the e-ticket; copied from the showtime. */
  movie_title: z.string().min(1),
  theater_name: z.string().min(1),
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
 * `ticket.cancelled`: the seats are free again. `status` is `refunded` when the ticket had been
 * paid (the refund itself is announced by `payment.refunded`), else `cancelled`;
 * `previous_status` tells whether a sale is being reversed.
 */
export const ticketCancelledDataSchema = ticketSnapshotSchema.extend({
  status: z.enum(['cancelled', 'refunded']),
  previous_status: z.enum(['reserved', 'confirmed', 'expired']),
  reason: ticketCancelReasonSchema,
});
export type TicketCancelledData = z.infer<typeof ticketCancelledDataSchema>;

/** `ticket.expired`: a hold was not paid in time; its seats are free again. */
export const ticketExpiredDataSchema = ticketSnapshotSchema.extend({ status: z.literal('expired') });
export type TicketExpiredData = z.infer<typeof ticketExpiredDataSchema>;
