import { paginationQuerySchema } from '@marquee/contracts';
import { idempotencyKeyHeaders } from '@marquee/service';
import { assertSelfOrAdmin, type ApiRouter, type AuthUser } from '@marquee/http';
import type { Actor } from '../domain/ticket';
import type { TicketsService } from '../domain/tickets.service';
import { idParamsSchema, newTicketSchema, ticketBody, ticketListQuerySchema, ticketPageSchema, ticketSchema, userParamsSchema } from './schemas';

const tags = ['tickets'];

function actorOf(user: AuthUser): Actor {
  return { id: user.id, isAdmin: user.role === 'admin' };
}

const reserveResponses = {
  201: { description: 'The reserved ticket, its seats held until `expires_at`', schema: ticketSchema },
  400: { description: 'Bad body, or a seat the theater does not have (`UNKNOWN_SEAT`, `seats` names them)' },
  404: { description: 'Unknown showtime (`NOT_FOUND`)' },
  409: {
    description:
      'A seat is taken (`SEAT_TAKEN`, `seats` names the taken ones; nothing is reserved), the showtime has started or was cancelled (`SHOWTIME_NOT_BOOKABLE`), or the Idempotency-Key was used for another body (`IDEMPOTENCY_KEY_REUSED`)',
  },
  503: { description: 'The showtime is not known here yet and the showtimes service cannot be asked (`UPSTREAM_UNAVAILABLE`)' },
};

const reserveDescription =
  'Reserves 1 to 10 seats of one showtime, all or none, for the caller. The price is the showtime\'s (seats × price), never the client\'s. ' +
  'An `Idempotency-Key` header makes a retry safe: the same key and body answer the first answer again; another body with the key is 409 `IDEMPOTENCY_KEY_REUSED`. ' +
  'The seats stay held until `expires_at` (HOLD_MINUTES); an unpaid hold then expires and its seats are free again.';

export function ticketsRoutes(router: ApiRouter, tickets: TicketsService): void {
  for (const path of ['/api/tickets', '/api/tickets/buy-ticket']) {
    router.route({
      method: 'post',
      path,
      summary: path === '/api/tickets' ? 'Reserve seats' : 'Reserve seats (alias of POST /api/tickets)',
      description: reserveDescription,
      tags,
      request: { body: newTicketSchema, headers: idempotencyKeyHeaders },
      responses: reserveResponses,
      handler: async ({ user, body, req }) => {
        const key = req.get('idempotency-key');
        const idempotent = key === undefined ? undefined : { key, request: { op: 'POST /api/tickets', body } };
        return ticketBody(await tickets.reserve(user.id, { showtimeId: body.showtime_id, seats: body.seats }, idempotent));
      },
    });
  }

  router.route({
    method: 'get',
    path: '/api/tickets',
    summary: 'My tickets, newest first (admin: everyone\'s)',
    description: 'Filters `showtime_id` and `status`; `user_id` is for an admin (or the caller themselves).',
    tags,
    request: { query: ticketListQuerySchema },
    responses: {
      200: { description: 'A page of tickets', schema: ticketPageSchema },
      403: { description: '`user_id` names someone else and the caller is not an admin (`FORBIDDEN`)' },
    },
    handler: async ({ user, query }) => {
      if (query.user_id !== undefined) assertSelfOrAdmin(user, query.user_id);
      const userId = query.user_id ?? (user.role === 'admin' ? undefined : user.id);
      const page = await tickets.list({ userId, showtimeId: query.showtime_id, status: query.status }, query);
      return { ...page, items: page.items.map(ticketBody) };
    },
  });

  router.route({
    method: 'get',
    path: '/api/tickets/user/:user_id',
    summary: "A user's tickets, newest first",
    tags,
    request: { params: userParamsSchema, query: paginationQuerySchema },
    responses: {
      200: { description: 'A page of tickets', schema: ticketPageSchema },
      403: { description: 'Someone else and the caller is not an admin (`FORBIDDEN`)' },
    },
    handler: async ({ user, params, query }) => {
      assertSelfOrAdmin(user, params.user_id);
      const page = await tickets.list({ userId: params.user_id }, query);
      return { ...page, items: page.items.map(ticketBody) };
    },
  });

  router.route({
    method: 'get',
    path: '/api/tickets/:id',
    summary: 'One ticket',
    tags,
    request: { params: idParamsSchema },
    responses: {
      200: { description: 'The ticket', schema: ticketSchema },
      403: { description: 'Not mine and I am not an admin (`FORBIDDEN`)' },
      404: { description: 'Unknown ticket (`NOT_FOUND`)' },
    },
    handler: async ({ user, params }) => ticketBody(await tickets.get(actorOf(user), params.id)),
  });

  router.route({
    method: 'post',
    path: '/api/tickets/:id/cancel',
    summary: 'Cancel a ticket',
    description:
      'A reserved ticket is released at once (status `cancelled`). A confirmed one is refunded through payments (status `refunded`) while its showtime starts more than REFUND_CUTOFF_HOURS away; closer than that, or any other status, is 409 `TICKET_NOT_CANCELLABLE`.',
    tags,
    request: { params: idParamsSchema },
    responses: {
      200: { description: 'The ticket after cancelling', schema: ticketSchema },
      403: { description: 'Not mine and I am not an admin (`FORBIDDEN`)' },
      404: { description: 'Unknown ticket (`NOT_FOUND`)' },
      409: { description: 'Too close to the showtime, or not reserved or confirmed (`TICKET_NOT_CANCELLABLE`)' },
    },
    handler: async ({ user, params }) => ticketBody(await tickets.cancel(actorOf(user), params.id)),
  });
}
