import type { ApiRouter } from '@marquee/http';
import type { EventsService } from '../domain/events.service';
import { actorOf } from './actor';
import {
  cacheHeaders,
  cancelEventSchema,
  eventBody,
  eventChangesSchema,
  eventDetailBody,
  eventDetailSchema,
  eventListQuerySchema,
  eventPageSchema,
  eventSchema,
  idParamsSchema,
  newEventSchema,
} from './schemas';

const tags = ['events'];

const ownerOnly = {
  403: { description: 'Not the organizer of this event and not an admin (`FORBIDDEN`)' },
  404: { description: 'No such event, deleted, or a draft of someone else (`NOT_FOUND`)' },
};

/** Events: drafts, the public list and search, one event with its sessions, edits, publish, cancel, delete. */
export function eventsRoutes(router: ApiRouter, events: EventsService): void {
  router.route({
    method: 'post',
    path: '/api/events',
    summary: 'Create an event (a draft)',
    description: 'The caller becomes its organizer. It is visible to them (and admins) only until it is published.',
    tags,
    auth: ['organizer', 'admin'],
    request: { body: newEventSchema },
    responses: {
      201: { description: 'The draft', schema: eventSchema },
      400: { description: 'Bad body (`VALIDATION_FAILED` naming each field; `start_at` must be in the future, `end_at` after it)' },
    },
    handler: async ({ user, body }) => eventBody(await events.create(actorOf(user), body)),
  });

  router.route({
    method: 'get',
    path: '/api/events',
    summary: 'List and search events',
    description:
      'Published events for everyone; an organizer also sees their own drafts, an admin every draft. `q` searches title, location and description ' +
      '(PostgreSQL full text, ranked by relevance, then by start); otherwise events come by start time. `from` and `to` keep the events taking place ' +
      'in that window. Cached for a short while and dropped on every change to an event, its sessions or its registrations; `X-Cache` says which.',
    tags,
    auth: 'optional',
    request: { query: eventListQuerySchema },
    responses: { 200: { description: 'A page of events', schema: eventPageSchema, headers: cacheHeaders } },
    handler: async ({ user, query, res }) => {
      const { page, limit, ...filter } = query;
      const { value, hit } = await events.list(actorOf(user), filter, { page, limit });
      res.setHeader('X-Cache', hit ? 'HIT' : 'MISS');
      return { ...value, items: value.items.map(eventBody) };
    },
  });

  router.route({
    method: 'get',
    path: '/api/events/:id',
    summary: 'One event with its sessions',
    description: 'A draft only for its organizer and admins. Cached like the list; `X-Cache` says which.',
    tags,
    auth: 'optional',
    request: { params: idParamsSchema },
    responses: {
      200: { description: 'The event and its sessions', schema: eventDetailSchema, headers: cacheHeaders },
      404: { description: 'No such event, deleted, or a draft of someone else (`NOT_FOUND`)' },
    },
    handler: async ({ user, params, res }) => {
      const { value, hit } = await events.get(actorOf(user), params.id);
      res.setHeader('X-Cache', hit ? 'HIT' : 'MISS');
      return eventDetailBody(value);
    },
  });

  router.route({
    method: 'put',
    path: '/api/events/:id',
    summary: 'Edit an event',
    description:
      'Only the fields given change. The capacity never goes below the places taken (409 `CONFLICT`); sessions above a lowered capacity come down to it. ' +
      'The span must still contain every session (400). A cancelled event cannot be edited (409).',
    tags,
    request: { params: idParamsSchema, body: eventChangesSchema },
    responses: {
      200: { description: 'The event after the edit', schema: eventSchema },
      400: { description: 'Bad body, or a span that would leave a session outside (`VALIDATION_FAILED` naming the field)' },
      ...ownerOnly,
      409: { description: 'Capacity below the places taken, or the event is cancelled (`CONFLICT`)' },
    },
    handler: async ({ user, params, body }) => eventBody(await events.update(actorOf(user), params.id, body)),
  });

  router.route({
    method: 'delete',
    path: '/api/events/:id',
    summary: 'Delete an event (soft)',
    description:
      'Kept for history; from then on 404 and gone from every list. A published event that is not over must be cancelled first, so its attendees are told (409).',
    tags,
    request: { params: idParamsSchema },
    responses: {
      204: { description: 'Deleted' },
      ...ownerOnly,
      409: { description: 'Published and not over: cancel it first (`CONFLICT`)' },
    },
    handler: async ({ user, params }) => {
      await events.remove(actorOf(user), params.id);
    },
  });

  router.route({
    method: 'post',
    path: '/api/events/:id/publish',
    summary: 'Publish a draft',
    description: 'It becomes public and open for registration; event.published is announced.',
    tags,
    request: { params: idParamsSchema },
    responses: {
      200: { description: 'The published event', schema: eventSchema },
      ...ownerOnly,
      409: { description: 'Not a draft, or already over (`CONFLICT`)' },
    },
    handler: async ({ user, params }) => eventBody(await events.publish(actorOf(user), params.id)),
  });

  router.route({
    method: 'post',
    path: '/api/events/:id/cancel',
    summary: 'Cancel a published event',
    description:
      'Registration closes at once; event.cancelled names every attendee registered at that moment so each of them is told. The registrations stay (history).',
    tags,
    request: { params: idParamsSchema, body: cancelEventSchema },
    responses: {
      200: { description: 'The cancelled event', schema: eventSchema },
      ...ownerOnly,
      409: { description: 'A draft (delete it instead), already cancelled, or over (`CONFLICT`)' },
    },
    handler: async ({ user, params, body }) => eventBody(await events.cancel(actorOf(user), params.id, body.reason ?? null)),
  });
}
