import { z } from 'zod';
import { currencySchema, isoDateTimeSchema, moneySchema, timeZoneSchema, uuidSchema } from '../primitives';

/**
 * The theater's timezone on showtime and ticket events. Optional only for events written before
 * it existed (still in queues and in analytics' stored events): producers always set it, and a
 * consumer that finds it absent uses its own default zone.
 */
export const theaterTimeZoneSchema = timeZoneSchema.optional();

export const showtimeStatusSchema = z.enum(['scheduled', 'cancelled']);
export type ShowtimeStatus = z.infer<typeof showtimeStatusSchema>;

/**
 * A showtime as tickets (price, seat layout, start) and analytics (capacity) keep it. It also
 * carries the movie title and theater name, so tickets can put them on its own events for the
 * e-ticket e-mail without a read model of movies or theaters.
 *
 * Seats are labelled row + number from 1: rows `["A","B"]` with 10 seats per row give `A1`…`B10`.
 */
const showtimeSnapshotSchema = z.object({
  showtime_id: uuidSchema,
  movie_id: uuidSchema,
  movie_title: z.string().min(1),
  theater_id: uuidSchema,
  theater_name: z.string().min(1),
  /**
   * The theater's IANA timezone (`America/Bogota`): times shown to people read on its clock.
   * Always set by showtimes; absent only on events from before it existed.
   */
  theater_timezone: theaterTimeZoneSchema,
  start_time: isoDateTimeSchema,
  /** When the movie ends (start plus runtime), before cleaning time. */
  end_time: isoDateTimeSchema,
  /** Price of one seat. */
  price: moneySchema,
  currency: currencySchema,
  rows: z.array(z.string().min(1)).min(1),
  seats_per_row: z.number().int().positive(),
  /** Number of seats: `rows.length * seats_per_row`. */
  capacity: z.number().int().positive(),
  status: showtimeStatusSchema,
});

type ShowtimeChecked = Pick<
  z.infer<typeof showtimeSnapshotSchema>,
  'rows' | 'seats_per_row' | 'capacity' | 'start_time' | 'end_time'
>;

/** Cross-field rules, applied after the shape (zod cannot extend an object once it is refined). */
function withShowtimeRules<T extends z.ZodType<ShowtimeChecked>>(schema: T): T {
  return schema
    .refine((s) => s.capacity === s.rows.length * s.seats_per_row, {
      error: 'capacity must equal rows × seats_per_row',
      path: ['capacity'],
    })
    .refine((s) => Date.parse(s.end_time) > Date.parse(s.start_time), {
      error: 'end_time must be after start_time',
      path: ['end_time'],
    });
}

/** `showtime.created`: a new bookable showtime. */
export const showtimeCreatedDataSchema = withShowtimeRules(
  showtimeSnapshotSchema.extend({ status: z.literal('scheduled') }),
);
export type ShowtimeCreatedData = z.infer<typeof showtimeCreatedDataSchema>;

/** `showtime.updated`: the showtime after the change (price, time). */
export const showtimeUpdatedDataSchema = withShowtimeRules(showtimeSnapshotSchema);
export type ShowtimeUpdatedData = z.infer<typeof showtimeUpdatedDataSchema>;

/** `showtime.cancelled`: no longer bookable; tickets cancels and refunds the tickets sold for it. */
export const showtimeCancelledDataSchema = withShowtimeRules(
  showtimeSnapshotSchema.extend({ status: z.literal('cancelled'), reason: z.string().nullable() }),
);
export type ShowtimeCancelledData = z.infer<typeof showtimeCancelledDataSchema>;
