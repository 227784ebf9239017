import type { ApiRouter } from '@marquee/http';
import type { EventRecorder } from '../domain/event-recorder.service';
import type { ReportsService } from '../domain/reports.service';
import {
  currencyQuerySchema,
  dashboardQuerySchema,
  dashboardSchema,
  idParamsSchema,
  movieMetricsSchema,
  newEventSchema,
  occupancyQuerySchema,
  occupancyReportSchema,
  recordedEventSchema,
  salesQuerySchema,
  salesSeriesSchema,
  showtimeOccupancyBody,
  theaterOccupancyBody,
  userBehaviorBody,
  userBehaviorSchema,
} from './schemas';

const tags = ['analytics'];

const periodNote =
  'Periods are whole calendar days in ANALYTICS_TIMEZONE (`timezone` in the answer), `from` and `to` both included; ' +
  'a bad date, `from` after `to` or a period over 3660 days is 400 naming the field.';

const moneyNote =
  'Money is a decimal number in `currency` (ANALYTICS_CURRENCY unless the query names one): only sales in that currency count ' +
  'towards it, while ticket and seat counts cover every currency. A sale counts on the day its ticket was confirmed; a later ' +
  'refund or cancellation moves the figures of that same day.';

/** Thin handlers: parse (the schemas), call the domain, answer. Every route is for admins. */
export function analyticsRoutes(router: ApiRouter, recorder: EventRecorder, reports: ReportsService): void {
  router.route({
    method: 'post',
    path: '/api/analytics/events',
    summary: 'Record a domain event by hand',
    description:
      'The normal path is RabbitMQ; this one takes the same event (its `data` checked against the catalogue schema of its `type`, ' +
      'field errors as `body.data.<field>`) and applies it the same way, so the aggregates move. An `id` already stored changes ' +
      'nothing and answers 200 with `recorded: false` and the event as stored.',
    tags,
    auth: 'admin',
    request: { body: newEventSchema },
    responses: {
      200: { description: 'An event with this id was already stored; nothing changed', schema: recordedEventSchema },
      201: { description: 'Recorded and applied', schema: recordedEventSchema },
    },
    handler: async ({ user, body, res }) => {
      const { event, recorded } = await recorder.recordByHand(user.id, body);
      res.status(recorded ? 201 : 200).json({ id: event.id, type: event.type, source: event.source, time: event.time.toISOString(), recorded });
    },
  });

  router.route({
    method: 'get',
    path: '/api/analytics/dashboard',
    summary: 'Totals and top movies for a period',
    description: `Revenue, tickets and seats sold on the period's days, occupancy of the showtimes starting on them, new users, and the \`top\` movies by revenue (then seats). ${periodNote} ${moneyNote}`,
    tags,
    auth: 'admin',
    request: { query: dashboardQuerySchema },
    responses: { 200: { description: 'The dashboard', schema: dashboardSchema } },
    handler: ({ query }) => reports.dashboard(query),
  });

  router.route({
    method: 'get',
    path: '/api/analytics/sales',
    summary: 'Sales as a series of days, weeks or months',
    description: `One item per bucket of the period, empty buckets included; weeks start on Monday, and the first and last buckets are clipped to the period. ${periodNote} ${moneyNote}`,
    tags,
    auth: 'admin',
    request: { query: salesQuerySchema },
    responses: { 200: { description: 'The series and its totals', schema: salesSeriesSchema } },
    handler: ({ query }) => reports.sales({ ...query, movieId: query.movie_id }),
  });

  router.route({
    method: 'get',
    path: '/api/analytics/movies/:id/metrics',
    summary: "A movie's metrics",
    description:
      `All-time tickets, seats and revenue, occupancy of its scheduled showtimes, its current rating and review count, ` +
      `\`views\` (every \`movie.viewed\`: a signed-in user opening its details) and \`favourites\` (users whose favourite it is now, ` +
      `from \`favourite.added\` and \`favourite.removed\`). ${moneyNote}`,
    tags,
    auth: 'admin',
    request: { params: idParamsSchema, query: currencyQuerySchema },
    responses: {
      200: { description: 'The metrics', schema: movieMetricsSchema },
      404: { description: 'No event has named this movie (`NOT_FOUND`)' },
    },
    handler: ({ params, query }) => reports.movieMetrics(params.id, query),
  });

  router.route({
    method: 'get',
    path: '/api/analytics/users/:id/behavior',
    summary: "A user's behaviour",
    description: `Purchases, spend, reviews, favourites (movies that are theirs now), loyalty points and tier, rewards redeemed. ${moneyNote}`,
    tags,
    auth: 'admin',
    request: { params: idParamsSchema, query: currencyQuerySchema },
    responses: {
      200: { description: 'The behaviour', schema: userBehaviorSchema },
      404: { description: 'No event has named this user (`NOT_FOUND`)' },
    },
    handler: async ({ params, query }) => userBehaviorBody(await reports.userBehavior(params.id, query)),
  });

  router.route({
    method: 'get',
    path: '/api/analytics/occupancy',
    summary: 'Occupancy per showtime or per theater',
    description:
      'Seats sold ÷ capacity of the scheduled showtimes starting on the period\'s days (capacity from showtime events; seats sold from ' +
      'ticket.confirmed, less tickets refunded or cancelled since). `by=showtime` lists showtimes by start time; `by=theater` sums them ' +
      'per theater, by name. Cancelled showtimes, and showtimes no showtime event has described yet, are left out. ' +
      `\`totals\` covers the whole filter, not just the page. ${periodNote}`,
    tags,
    auth: 'admin',
    request: { query: occupancyQuerySchema },
    responses: { 200: { description: 'A page of showtimes or theaters, with totals', schema: occupancyReportSchema } },
    handler: async ({ query }) => {
      const input = { from: query.from, to: query.to, theaterId: query.theater_id, movieId: query.movie_id };
      const page = { page: query.page, limit: query.limit };
      return query.by === 'theater'
        ? theaterOccupancyBody(await reports.occupancyByTheater(input, page))
        : showtimeOccupancyBody(await reports.occupancyByShowtime(input, page));
    },
  });
}
