import {
  currencySchema,
  eventDataSchemas,
  eventTypes,
  isoDateTimeSchema,
  pageSchema,
  paginationQuerySchema,
  type EventTypeName,
} from '@marquee/contracts';
import { z } from 'zod';
import { isCalendarDay, MAX_PERIOD_DAYS } from '../domain/calendar';
import type { HandRecordedEvent } from '../domain/event-recorder.service';
import type { OccupancyReport, UserBehavior } from '../domain/reports.service';
import type { ShowtimeOccupancy, TheaterOccupancy } from '../domain/reports.store';

const uuid = () => z.uuid({ message: 'must be a UUID' });

const day = () =>
  z
    .string({ message: 'must be a date such as 2026-01-31' })
    .refine(isCalendarDay, { message: 'must be a date such as 2026-01-31' })
    .refine((d) => d >= '1970-01-01', { message: 'must not be before 1970-01-01' });

const periodShape = {
  from: day()
    .optional()
    .meta({ description: 'First day of the period (YYYY-MM-DD, in ANALYTICS_TIMEZONE), included. Default: 29 days before `to`.' }),
  to: day()
    .optional()
    .meta({ description: `Last day of the period, included. Default: today. At most ${MAX_PERIOD_DAYS} days after \`from\`.` }),
};

const currencyQuery = currencySchema
  .optional()
  .meta({ description: 'The currency money figures are given in (default ANALYTICS_CURRENCY). Counts cover every currency.' });

// ---------------------------------------------------------------------------------------------
// Requests

export const newEventSchema = z
  .object({
    type: z.enum(eventTypes as [EventTypeName, ...EventTypeName[]], { message: 'must be a routing key of the event catalogue, such as ticket.confirmed' }),
    data: z
      .record(z.string(), z.unknown(), { message: 'must be an object' })
      .meta({ description: "The event's data, as the catalogue's schema for `type` describes it (libs/contracts)." }),
    id: uuid().optional().meta({ description: "The event's id (default: a new one). An id already stored records nothing." }),
    time: isoDateTimeSchema.optional().meta({ description: 'When it happened (default: now). Buckets go by it.' }),
    source: z.string().trim().min(1, { message: 'must not be empty' }).max(100, { message: 'must be at most 100 characters' }).optional()
      .meta({ description: 'The service it stands for (default `admin`).' }),
    correlationid: z.string().min(1, { message: 'must not be empty' }).max(200, { message: 'must be at most 200 characters' }).optional(),
    // Accepted so that an envelope copied from the bus can be sent as it is.
    specversion: z.literal('1.0', { message: 'must be "1.0"' }).optional(),
    datacontenttype: z.literal('application/json', { message: 'must be "application/json"' }).optional(),
  })
  .strict()
  .transform((body, ctx) => {
    const checked = eventDataSchemas[body.type].safeParse(body.data);
    if (!checked.success) {
      for (const issue of checked.error.issues) ctx.addIssue({ code: 'custom', path: ['data', ...issue.path], message: issue.message });
      return z.NEVER;
    }
    const { specversion: _specversion, datacontenttype: _contentType, ...event } = body;
    return { ...event, data: checked.data } as HandRecordedEvent;
  })
  .meta({ id: 'AnalyticsNewEvent', description: 'A domain event, checked against the contract of its `type`' });

export const dashboardQuerySchema = z.object({
  ...periodShape,
  currency: currencyQuery,
  top: z.coerce
    .number({ message: 'must be a whole number from 1 to 50' })
    .int({ message: 'must be a whole number from 1 to 50' })
    .min(1, { message: 'must be a whole number from 1 to 50' })
    .max(50, { message: 'must be a whole number from 1 to 50' })
    .default(5)
    .meta({ description: 'How many top movies (default 5, at most 50)' }),
});

export const salesQuerySchema = z.object({
  ...periodShape,
  granularity: z
    .enum(['day', 'week', 'month'], { message: 'must be day, week or month' })
    .default('day')
    .meta({ description: 'Bucket size: calendar days, ISO weeks (from Monday) or calendar months, in ANALYTICS_TIMEZONE' }),
  currency: currencyQuery,
  movie_id: uuid().optional().meta({ description: 'Only the sales of this movie' }),
});

export const occupancyQuerySchema = paginationQuerySchema.extend({
  ...periodShape,
  by: z.enum(['showtime', 'theater'], { message: 'must be showtime or theater' }).default('showtime'),
  theater_id: uuid().optional(),
  movie_id: uuid().optional(),
});

export const currencyQuerySchema = z.object({ currency: currencyQuery });

export const idParamsSchema = z.object({ id: uuid() });

// ---------------------------------------------------------------------------------------------
// Answers

export const recordedEventSchema = z
  .object({
    id: z.uuid(),
    type: z.string(),
    source: z.string(),
    time: isoDateTimeSchema,
    recorded: z.boolean().meta({ description: 'false when an event with this id was already stored (nothing changed)' }),
  })
  .meta({ id: 'AnalyticsRecordedEvent' });

const money = {
  currency: z.string().meta({ description: 'ISO 4217 code of the money figures beside it' }),
  revenue: z.number().meta({ description: 'gross_revenue − refunded' }),
  gross_revenue: z.number().meta({ description: 'What the confirmed tickets cost' }),
  refunded: z.number().meta({ description: 'What went back to the buyers of those tickets' }),
};

const salesShape = {
  tickets: z.number().int().meta({ description: 'Confirmed tickets (orders), without the ones refunded or cancelled since' }),
  seats: z.number().int().meta({ description: 'Their seats' }),
  tickets_refunded: z.number().int().meta({ description: 'Confirmed tickets later refunded in full or cancelled' }),
  ...money,
};

const occupancySchema = z
  .object({
    showtimes: z.number().int(),
    seats_sold: z.number().int(),
    capacity: z.number().int(),
    rate: z.number().nullable().meta({ description: 'seats_sold ÷ capacity (4 decimals); null without capacity' }),
  })
  .meta({ id: 'AnalyticsOccupancy' });

export const dashboardSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    timezone: z.string(),
    ...salesShape,
    occupancy: occupancySchema,
    new_users: z.number().int(),
    top_movies: z.array(z.object({ movie_id: z.uuid(), title: z.string().nullable(), ...salesShape })),
  })
  .meta({ id: 'AnalyticsDashboard' });

const salesItemSchema = z.object({ period_start: z.string(), period_end: z.string(), ...salesShape });

export const salesSeriesSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    granularity: z.enum(['day', 'week', 'month']),
    timezone: z.string(),
    currency: z.string(),
    movie_id: z.uuid().nullable(),
    items: z.array(salesItemSchema),
    totals: z.object(salesShape),
  })
  .meta({ id: 'AnalyticsSalesSeries' });

export const movieMetricsSchema = z
  .object({
    movie_id: z.uuid(),
    title: z.string().nullable(),
    deleted: z.boolean(),
    ...salesShape,
    occupancy: occupancySchema,
    rating: z.number().meta({ description: 'Average of the current reviews (1–5, 2 decimals), 0 when none' }),
    reviews: z.number().int().meta({ description: 'Current reviews (created and not deleted)' }),
    views: z.number().int().meta({ description: 'Visits of its details by signed-in users, all time (movie.viewed; anonymous visits are not counted)' }),
    favourites: z.number().int().meta({ description: 'Users whose favourite it is now (favourite.added less favourite.removed, never below 0)' }),
  })
  .meta({ id: 'AnalyticsMovieMetrics' });

export const userBehaviorSchema = z
  .object({
    user_id: z.uuid(),
    name: z.string().nullable(),
    registered_at: isoDateTimeSchema.nullable(),
    purchases: z.number().int().meta({ description: 'Confirmed tickets, without the ones refunded or cancelled since' }),
    seats: z.number().int(),
    tickets_refunded: z.number().int(),
    currency: z.string(),
    spend: z.number().meta({ description: 'gross_spend − refunded, in `currency`' }),
    gross_spend: z.number(),
    refunded: z.number(),
    reviews: z.number().int().meta({ description: 'Current reviews' }),
    favourites: z.number().int().meta({ description: 'Movies that are their favourites now (favourite.added less favourite.removed)' }),
    points: z.number().int().meta({ description: 'Loyalty balance as of the newest loyalty.points_changed (0 before any)' }),
    lifetime_points: z.number().int(),
    tier: z.string().nullable(),
    rewards_redeemed: z.number().int(),
  })
  .meta({ id: 'AnalyticsUserBehavior' });

const showtimeOccupancySchema = z.object({
  showtime_id: z.uuid(),
  movie_id: z.uuid(),
  movie_title: z.string().nullable(),
  theater_id: z.uuid(),
  theater_name: z.string(),
  start_time: isoDateTimeSchema,
  capacity: z.number().int(),
  seats_sold: z.number().int(),
  rate: z.number().nullable(),
});

const theaterOccupancySchema = z.object({
  theater_id: z.uuid(),
  theater_name: z.string(),
  showtimes: z.number().int(),
  capacity: z.number().int(),
  seats_sold: z.number().int(),
  rate: z.number().nullable(),
});

const occupancyReportShape = {
  by: z.enum(['showtime', 'theater']),
  from: z.string(),
  to: z.string(),
  timezone: z.string(),
  totals: occupancySchema,
};

export const occupancyReportSchema = z
  .union([
    pageSchema(showtimeOccupancySchema).extend(occupancyReportShape),
    pageSchema(theaterOccupancySchema).extend(occupancyReportShape),
  ])
  .meta({ id: 'AnalyticsOccupancyReport', description: 'Items per showtime (`by=showtime`) or per theater (`by=theater`)' });

// ---------------------------------------------------------------------------------------------
// Bodies

export function userBehaviorBody(behavior: UserBehavior): z.input<typeof userBehaviorSchema> {
  return { ...behavior, registered_at: behavior.registered_at?.toISOString() ?? null };
}

export function showtimeOccupancyBody(
  report: OccupancyReport<ShowtimeOccupancy>,
): z.input<typeof occupancyReportSchema> {
  return { ...report, items: report.items.map((s) => ({ ...s, start_time: s.start_time.toISOString() })) };
}

export function theaterOccupancyBody(report: OccupancyReport<TheaterOccupancy>): z.input<typeof occupancyReportSchema> {
  return report;
}
