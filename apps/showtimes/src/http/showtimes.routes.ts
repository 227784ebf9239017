import type { ApiRouter } from '@marquee/http';
import type { ShowtimesService } from '../domain/showtimes.service';
import {
  cancelQuerySchema,
  idParamsSchema,
  newShowtimeSchema,
  seatMapBody,
  seatMapSchema,
  showtimeBody,
  showtimeChangesSchema,
  showtimeListQuerySchema,
  showtimePageSchema,
  showtimeSchema,
} from './schemas';

const tags = ['showtimes'];

export function showtimesRoutes(router: ApiRouter, showtimes: ShowtimesService): void {
  router.route({
    method: 'post',
    path: '/api/showtimes',
    summary: 'Schedule a film in a theater',
    description:
      "It occupies the theater from `start_time` for the film's runtime plus the cleaning time (CLEANING_MINUTES); " +
      'two scheduled showtimes of one theater never overlap. Series, deleted films and films without a runtime cannot be scheduled (409).',
    tags,
    auth: 'admin',
    request: { body: newShowtimeSchema },
    responses: {
      201: { description: 'The showtime (announced as showtime.created)', schema: showtimeSchema },
      404: { description: 'Unknown movie or theater (`NOT_FOUND`)' },
      409: { description: 'Another showtime of the theater overlaps (`SHOWTIME_OVERLAP`); or the movie is deleted, a series or has no runtime (`CONFLICT`)' },
      503: { description: 'The movie is not known here yet and the movies service cannot be asked (`UPSTREAM_UNAVAILABLE`)' },
    },
    handler: async ({ body }) =>
      showtimeBody(
        await showtimes.create({ movieId: body.movie_id, theaterId: body.theater_id, start: body.start_time, price: body.price, currency: body.currency }),
      ),
  });

  router.route({
    method: 'get',
    path: '/api/showtimes',
    summary: 'Showtimes, soonest first',
    tags,
    auth: 'public',
    request: { query: showtimeListQuerySchema },
    responses: { 200: { description: 'A page of showtimes', schema: showtimePageSchema } },
    handler: async ({ query }) => {
      const page = await showtimes.list(
        { movieId: query.movie_id, theaterId: query.theater_id, date: query.date, from: query.from, to: query.to, status: query.status },
        query,
      );
      return { ...page, items: page.items.map(showtimeBody) };
    },
  });

  router.route({
    method: 'get',
    path: '/api/showtimes/:id',
    summary: 'One showtime',
    tags,
    auth: 'public',
    request: { params: idParamsSchema },
    responses: { 200: { description: 'The showtime', schema: showtimeSchema }, 404: { description: 'No such showtime' } },
    handler: async ({ params }) => showtimeBody(await showtimes.get(params.id)),
  });

  router.route({
    method: 'get',
    path: '/api/showtimes/:id/seats',
    summary: "A showtime's seats and their status",
    description:
      'Built from the ticket events (ticket.reserved → held, ticket.confirmed → sold, ticket.cancelled and ticket.expired → released), ' +
      'so it follows the tickets service and may lag it by a moment (usually well under a second; longer while the message bus is ' +
      'down). The tickets service decides who gets a seat: a seat shown available may already be taken there.',
    tags,
    auth: 'public',
    request: { params: idParamsSchema },
    responses: { 200: { description: 'The seat map', schema: seatMapSchema }, 404: { description: 'No such showtime' } },
    handler: async ({ params }) => seatMapBody(params.id, await showtimes.seats(params.id)),
  });

  router.route({
    method: 'patch',
    path: '/api/showtimes/:id',
    summary: 'Change the price',
    description: 'Only reservations made from now on pay the new price; tickets already held or sold keep theirs. Announced as showtime.updated.',
    tags,
    auth: 'admin',
    request: { params: idParamsSchema, body: showtimeChangesSchema },
    responses: {
      200: { description: 'The showtime', schema: showtimeSchema },
      404: { description: 'No such showtime' },
      409: { description: 'The showtime is cancelled (`SHOWTIME_NOT_BOOKABLE`)' },
    },
    handler: async ({ params, body }) => showtimeBody(await showtimes.changePrice(params.id, body.price, body.currency)),
  });

  router.route({
    method: 'delete',
    path: '/api/showtimes/:id',
    summary: 'Cancel a showtime',
    description:
      'Announced as showtime.cancelled: the tickets service releases every hold and refunds every sold ticket. ' +
      'Cancelling it again answers the same and announces nothing.',
    tags,
    auth: 'admin',
    request: { params: idParamsSchema, query: cancelQuerySchema },
    responses: { 200: { description: 'The cancelled showtime', schema: showtimeSchema }, 404: { description: 'No such showtime' } },
    handler: async ({ params, query }) => showtimeBody(await showtimes.cancel(params.id, query.reason ?? null)),
  });
}
