import { paginationQuerySchema } from '@marquee/contracts';
import type { ApiRouter } from '@marquee/http';
import type { TheatersService } from '../domain/theaters.service';
import { idParamsSchema, newTheaterSchema, theaterBody, theaterPageSchema, theaterSchema } from './schemas';

const tags = ['theaters'];

export function theatersRoutes(router: ApiRouter, theaters: TheatersService): void {
  router.route({
    method: 'post',
    path: '/api/theaters',
    summary: 'Add a theater',
    description: 'A grid of rows × seats per row; seats are labelled row + number from 1 (`A1`).',
    tags,
    auth: 'admin',
    request: { body: newTheaterSchema },
    responses: {
      201: { description: 'The theater with its seat layout', schema: theaterSchema },
      409: { description: 'A theater with this name exists (`CONFLICT`)' },
    },
    handler: async ({ body }) =>
      theaterBody(
        await theaters.create({ name: body.name, rows: body.rows, seats_per_row: body.seats_per_row, totalSeats: body.total_seats, timezone: body.timezone }),
      ),
  });

  router.route({
    method: 'get',
    path: '/api/theaters',
    summary: 'Theaters, by name',
    tags,
    auth: 'public',
    request: { query: paginationQuerySchema },
    responses: { 200: { description: 'A page of theaters', schema: theaterPageSchema } },
    handler: async ({ query }) => {
      const page = await theaters.list(query);
      return { ...page, items: page.items.map(theaterBody) };
    },
  });

  router.route({
    method: 'get',
    path: '/api/theaters/:id',
    summary: 'One theater with its seat layout',
    tags,
    auth: 'public',
    request: { params: idParamsSchema },
    responses: { 200: { description: 'The theater', schema: theaterSchema }, 404: { description: 'No such theater' } },
    handler: async ({ params }) => theaterBody(await theaters.get(params.id)),
  });
}
