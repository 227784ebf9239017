import type { ApiRouter } from '@marquee/http';
import type { RegistrationsService } from '../domain/registrations.service';
import { actorOf } from './actor';
import {
  attendeeBody,
  attendeePageSchema,
  attendeesQuerySchema,
  idParamsSchema,
  myRegistrationBody,
  myRegistrationPageSchema,
  pageQuerySchema,
  registerSchema,
  registrationBody,
  registrationSchema,
} from './schemas';

const tags = ['events'];

/** Registering for events (and their sessions), my registrations, an event's attendees. */
export function registrationsRoutes(router: ApiRouter, registrations: RegistrationsService): void {
  // Declared before any /api/events/{id}… route, so `me` is never taken for an id.
  router.route({
    method: 'get',
    path: '/api/events/me/registrations',
    summary: 'Events I am registered for',
    description: 'My active registrations, soonest event first; deleted events are left out, cancelled ones stay (with status `cancelled`).',
    tags,
    request: { query: pageQuerySchema },
    responses: { 200: { description: 'A page of events with my registration', schema: myRegistrationPageSchema } },
    handler: async ({ user, query }) => {
      const page = await registrations.mine(actorOf(user), query);
      return { ...page, items: page.items.map(myRegistrationBody) };
    },
  });

  router.route({
    method: 'post',
    path: '/api/events/:id/register',
    summary: 'Register for an event',
    description:
      'Optionally for some of its sessions too (`session_ids`). The event must be published and not over. One transaction takes a place of the event ' +
      'and of each chosen session with conditional updates, so capacities hold under any concurrency; a refusal takes nothing.',
    tags,
    request: { params: idParamsSchema, body: registerSchema },
    responses: {
      201: { description: 'My registration', schema: registrationSchema },
      400: { description: 'Bad body, or an id that is not a session of this event (`VALIDATION_FAILED` naming it)' },
      404: { description: 'No such event (`NOT_FOUND`)' },
      409: {
        description:
          'No place left (`EVENT_FULL`), a chosen session is full (`SESSION_FULL`, `session_ids` names it), already registered (`ALREADY_REGISTERED`), ' +
          'two chosen sessions overlap (`SCHEDULE_CONFLICT`, `session_ids` names them), or the event is a draft, cancelled or over (`EVENT_NOT_OPEN`)',
      },
    },
    handler: async ({ user, params, body }) => registrationBody(await registrations.register(actorOf(user), params.id, body.session_ids)),
  });

  router.route({
    method: 'delete',
    path: '/api/events/:id/register',
    summary: 'Cancel my registration',
    description: 'Frees my place of the event and of each session I chose.',
    tags,
    request: { params: idParamsSchema },
    responses: {
      204: { description: 'Cancelled' },
      404: { description: 'No such event, or I am not registered for it (`NOT_FOUND`)' },
    },
    handler: async ({ user, params }) => {
      await registrations.cancel(actorOf(user), params.id);
    },
  });

  router.route({
    method: 'get',
    path: '/api/events/:id/attendees',
    summary: "An event's attendees",
    description: 'Active registrations in the order they came, with names where this service knows them. Organizer of the event or admin.',
    tags,
    request: { params: idParamsSchema, query: attendeesQuerySchema },
    responses: {
      200: { description: 'A page of attendees', schema: attendeePageSchema },
      403: { description: 'Not the organizer of this event and not an admin (`FORBIDDEN`)' },
      404: { description: 'No such event, or `session_id` is not one of its sessions (`NOT_FOUND`)' },
    },
    handler: async ({ user, params, query }) => {
      const { session_id, ...page } = query;
      const found = await registrations.attendees(actorOf(user), params.id, session_id, page);
      return { ...found, items: found.items.map(attendeeBody) };
    },
  });
}
