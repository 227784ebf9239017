import { currencySchema, isoDateSchema, isoDateTimeSchema, pageSchema, paginationQuerySchema, showtimeStatusSchema } from '@marquee/contracts';
import { z } from 'zod';
import type { SeatMap } from '../domain/seat-map';
import { hasCents, MAX_PRICE, MAX_REASON_LENGTH, type Showtime } from '../domain/showtime';
import { canonicalTimeZone, isTimeZone, MAX_NAME_LENGTH, MAX_ROWS, MAX_SEATS_PER_ROW, ROW_LABEL, seatLabels, type Theater } from '../domain/theater';

const uuid = () => z.uuid({ message: 'must be a UUID' });
// Years PostgreSQL and a cinema's calendar both make sense of (year 0 is not one of them).
const MIN_YEAR = 1900;
const MAX_YEAR = 9999;
const inYears = (s: string) => {
  const year = new Date(s).getUTCFullYear();
  return year >= MIN_YEAR && year <= MAX_YEAR;
};
const yearsMessage = { message: `must be between the years ${MIN_YEAR} and ${MAX_YEAR}` };
const dateTime = () =>
  isoDateTimeSchema
    .refine(inYears, yearsMessage)
    .transform((s) => new Date(s));
const date = () => isoDateSchema.refine(inYears, yearsMessage);

// ---- theaters --------------------------------------------------------------------------------

export const newTheaterSchema = z
  .object({
    name: z
      .string({ message: 'must be text' })
      .trim()
      .min(1, { message: 'is required' })
      .max(MAX_NAME_LENGTH, { message: `must be at most ${MAX_NAME_LENGTH} characters` }),
    rows: z
      .array(z.string({ message: 'must be text' }).regex(ROW_LABEL, { message: 'must be one or two capital letters, like "A" or "AA"' }), {
        message: 'must be a list of row labels',
      })
      .min(1, { message: 'needs at least one row' })
      .max(MAX_ROWS, { message: `must have at most ${MAX_ROWS} rows` })
      .refine((rows) => new Set(rows).size === rows.length, { message: 'must not repeat a label' })
      .meta({ description: `Row labels in order, each once; at most ${MAX_ROWS}` }),
    seats_per_row: z
      .number({ message: `must be a whole number from 1 to ${MAX_SEATS_PER_ROW}` })
      .int({ message: `must be a whole number from 1 to ${MAX_SEATS_PER_ROW}` })
      .min(1, { message: `must be a whole number from 1 to ${MAX_SEATS_PER_ROW}` })
      .max(MAX_SEATS_PER_ROW, { message: `must be a whole number from 1 to ${MAX_SEATS_PER_ROW}` }),
    total_seats: z
      .number({ message: 'must be a whole number' })
      .int({ message: 'must be a whole number' })
      .positive({ message: 'must be positive' })
      .optional()
      .meta({ description: 'Optional; when given it must equal rows × seats_per_row' }),
    timezone: z
      .string({ message: 'must be text' })
      .refine(isTimeZone, { message: 'must be an IANA timezone such as UTC or Europe/Paris' })
      .transform(canonicalTimeZone)
      .optional()
      .meta({ description: 'IANA timezone; the server default (THEATER_TIMEZONE) when left out' }),
  })
  .meta({ id: 'NewTheater' });

export const theaterSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    rows: z.array(z.string()),
    seats_per_row: z.number().int(),
    total_seats: z.number().int(),
    timezone: z.string(),
    layout: z
      .array(z.object({ row: z.string(), seats: z.array(z.string()) }))
      .meta({ description: 'Every row with its seat labels (A1 … A<seats_per_row>)' }),
    created_at: isoDateTimeSchema,
  })
  .meta({ id: 'Theater' });

export const theaterPageSchema = pageSchema(theaterSchema).meta({ id: 'TheaterPage' });

export function theaterBody(t: Theater): z.input<typeof theaterSchema> {
  return {
    id: t.id,
    name: t.name,
    rows: t.rows,
    seats_per_row: t.seats_per_row,
    total_seats: t.rows.length * t.seats_per_row,
    timezone: t.timezone,
    layout: t.rows.map((row) => ({ row, seats: seatLabels([row], t.seats_per_row) })),
    created_at: t.created_at.toISOString(),
  };
}

// ---- showtimes -------------------------------------------------------------------------------

const priceSchema = z
  .number({ message: 'must be a number' })
  .min(0, { message: 'must not be negative' })
  .max(MAX_PRICE, { message: `must be at most ${MAX_PRICE}` })
  .refine(hasCents, { message: 'must have at most 2 decimals' })
  .meta({ description: "One seat, in the currency's unit" });

export const newShowtimeSchema = z
  .object({
    movie_id: uuid(),
    theater_id: uuid(),
    start_time: dateTime().meta({ description: 'ISO 8601 with an offset; in the future' }),
    price: priceSchema,
    currency: currencySchema.optional().meta({ description: 'Default USD' }),
  })
  .meta({ id: 'NewShowtime' });

export const showtimeChangesSchema = z
  .object({ price: priceSchema, currency: currencySchema.optional() })
  .meta({ id: 'ShowtimeChanges', description: 'A new price; only reservations made from now on pay it' });

export const cancelQuerySchema = z.object({
  reason: z
    .string({ message: 'must be text' })
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(MAX_REASON_LENGTH, { message: `must be at most ${MAX_REASON_LENGTH} characters` })
    .optional()
    .meta({ description: 'Why; sent on with showtime.cancelled' }),
});

export const showtimeListQuerySchema = paginationQuerySchema.extend({
  movie_id: uuid().optional(),
  theater_id: uuid().optional(),
  date: date().optional().meta({ description: "YYYY-MM-DD: showtimes starting that day on the theater's own clock (its timezone)" }),
  from: dateTime().optional().meta({ description: 'Starting at or after' }),
  to: dateTime().optional().meta({ description: 'Starting before' }),
  status: showtimeStatusSchema.optional(),
});

export const idParamsSchema = z.object({ id: uuid() });

export const showtimeSchema = z
  .object({
    id: z.uuid(),
    movie_id: z.uuid(),
    movie_title: z.string(),
    theater_id: z.uuid(),
    theater_name: z.string(),
    theater_timezone: z.string().meta({ description: "The theater's IANA timezone: its clock, on which `date` filters and tickets read" }),
    start_time: isoDateTimeSchema,
    end_time: isoDateTimeSchema.meta({ description: 'When the film ends (start + runtime)' }),
    cleaning_until: isoDateTimeSchema.meta({ description: 'When the theater is free for the next showtime (end + cleaning time)' }),
    price: z.number(),
    currency: z.string(),
    capacity: z.number().int(),
    status: showtimeStatusSchema,
    cancel_reason: z.string().nullable(),
    created_at: isoDateTimeSchema,
    updated_at: isoDateTimeSchema,
  })
  .meta({ id: 'Showtime' });

export const showtimePageSchema = pageSchema(showtimeSchema).meta({ id: 'ShowtimePage' });

export function showtimeBody(s: Showtime): z.input<typeof showtimeSchema> {
  return {
    id: s.id,
    movie_id: s.movie_id,
    movie_title: s.movie_title,
    theater_id: s.theater_id,
    theater_name: s.theater_name,
    theater_timezone: s.timezone,
    start_time: s.start_time.toISOString(),
    end_time: s.end_time.toISOString(),
    cleaning_until: s.busy_until.toISOString(),
    price: s.price,
    currency: s.currency,
    capacity: s.rows.length * s.seats_per_row,
    status: s.status,
    cancel_reason: s.cancel_reason,
    created_at: s.created_at.toISOString(),
    updated_at: s.updated_at.toISOString(),
  };
}

export const seatMapSchema = z
  .object({
    showtime_id: z.uuid(),
    seats: z.array(z.object({ seat: z.string(), status: z.enum(['available', 'held', 'sold']) })),
    available: z.number().int().meta({ description: 'How many seats are available' }),
  })
  .meta({ id: 'SeatMap' });

export function seatMapBody(showtimeId: string, map: SeatMap): z.input<typeof seatMapSchema> {
  return { showtime_id: showtimeId, seats: map.seats, available: map.available };
}
