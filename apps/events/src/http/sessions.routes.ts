import type { ApiRouter } from '@marquee/http';
import type { SessionsService } from '../domain/sessions.service';
import { actorOf } from './actor';
import { idParamsSchema, newSessionOfEventSchema, newSessionSchema, sessionBody, sessionChangesSchema, sessionSchema } from './schemas';

const tags = ['events'];

const rules =
  "A session lies within its event's time (400), its capacity is at most the event's (400), and no two sessions of one event overlap in one room " +
  '(409 `SESSION_CONFLICT`, decided by a database constraint, also between concurrent requests). Organizer of the event or admin; not on a cancelled event.';

const createResponses = {
  201: { description: 'The session', schema: sessionSchema },
  400: { description: 'Bad body, outside the event, or above its capacity (`VALIDATION_FAILED` naming the field)' },
  403: { description: 'Not the organizer of the event and not an admin (`FORBIDDEN`)' },
  404: { description: 'No such event (`NOT_FOUND`)' },
  409: { description: 'Another session in that room at that time (`SESSION_CONFLICT`), or the event is cancelled (`CONFLICT`)' },
};

/** Sessions of an event: create (two paths), edit, delete. */
export function sessionsRoutes(router: ApiRouter, sessions: SessionsService): void {
  router.route({
    method: 'post',
    path: '/api/sessions',
    summary: 'Add a session to an event',
    description: `The event is \`event_id\` in the body. ${rules}`,
    tags,
    request: { body: newSessionOfEventSchema },
    responses: createResponses,
    handler: async ({ user, body }) => {
      const { event_id, ...session } = body;
      return sessionBody(await sessions.create(actorOf(user), event_id, session));
    },
  });

  router.route({
    method: 'post',
    path: '/api/events/:id/sessions',
    summary: 'Add a session to this event',
    description: rules,
    tags,
    request: { params: idParamsSchema, body: newSessionSchema },
    responses: createResponses,
    handler: async ({ user, params, body }) => sessionBody(await sessions.create(actorOf(user), params.id, body)),
  });

  router.route({
    method: 'put',
    path: '/api/sessions/:id',
    summary: 'Edit a session',
    description: `Only the fields given change; the result keeps the rules. The capacity never goes below the places taken (409 \`CONFLICT\`). ${rules}`,
    tags,
    request: { params: idParamsSchema, body: sessionChangesSchema },
    responses: {
      200: { description: 'The session after the edit', schema: sessionSchema },
      400: { description: 'Bad body, outside the event, or above its capacity (`VALIDATION_FAILED` naming the field)' },
      403: { description: 'Not the organizer of the event and not an admin (`FORBIDDEN`)' },
      404: { description: 'No such session (`NOT_FOUND`)' },
      409: {
        description:
          'Another session in that room at that time (`SESSION_CONFLICT`); people registered for it also chose a session at the new times (`SCHEDULE_CONFLICT`, with `registrations` and `session_ids`); capacity below the places taken, or the event is cancelled (`CONFLICT`)',
      },
    },
    handler: async ({ user, params, body }) => sessionBody(await sessions.update(actorOf(user), params.id, body)),
  });

  router.route({
    method: 'delete',
    path: '/api/sessions/:id',
    summary: 'Delete a session',
    description: 'Only while nobody is registered for it (409 otherwise: they would silently lose it). Organizer of the event or admin.',
    tags,
    request: { params: idParamsSchema },
    responses: {
      204: { description: 'Deleted' },
      403: { description: 'Not the organizer of the event and not an admin (`FORBIDDEN`)' },
      404: { description: 'No such session (`NOT_FOUND`)' },
      409: { description: 'People are registered for it, or the event is cancelled (`CONFLICT`)' },
    },
    handler: async ({ user, params }) => {
      await sessions.remove(actorOf(user), params.id);
    },
  });
}
