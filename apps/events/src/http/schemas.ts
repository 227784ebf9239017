import { isoDateTimeSchema, pageSchema, paginationQuerySchema } from '@marquee/contracts';
import { z } from 'zod';
import {
  EVENT_STATUSES,
  MAX_CAPACITY,
  MAX_CATEGORY_LENGTH,
  MAX_DESCRIPTION_LENGTH,
  MAX_LOCATION_LENGTH,
  MAX_REASON_LENGTH,
  MAX_ROOM_LENGTH,
  MAX_SESSIONS_PER_REGISTRATION,
  MAX_SPEAKER_LENGTH,
  MAX_TITLE_LENGTH,
  normaliseCategory,
  normaliseText,
  type Attendee,
  type Event,
  type EventWithSessions,
  type MyRegistration,
  type Registration,
  type Session,
} from '../domain/event';

// Every bound matches where the value is stored: capacities within their int4 column, dates
// within years both PostgreSQL and JavaScript handle, text within its CHECK.

const uuid = () => z.uuid({ message: 'must be a UUID' });
const MIN_YEAR = 1900;
const MAX_YEAR = 9999;
/** The deepest page served: the offset stays an ordinary number. */
const MAX_PAGE = 100_000;

const dateTime = () =>
  isoDateTimeSchema
    .refine(
      (s) => {
        const year = new Date(s).getUTCFullYear();
        return year >= MIN_YEAR && year <= MAX_YEAR;
      },
      { message: `must be an ISO 8601 date-time between the years ${MIN_YEAR} and ${MAX_YEAR}` },
    )
    .transform((s) => new Date(s));

// `overwrite` normalises in place (the schema stays a string with its bounds in the OpenAPI
// document); the bounds are then judged on the normalised text.
const requiredText = (max: number) =>
  z
    .string({ message: 'must be text' })
    .overwrite(normaliseText)
    .min(1, { message: 'is required' })
    .max(max, { message: `must be at most ${max} characters` });

/** Optional text; `null` or blank clears it (on an edit), absent leaves it as it is. */
const optionalText = (max: number, normalise: (s: string) => string = normaliseText) =>
  z
    .string({ message: 'must be text or null' })
    .overwrite(normalise)
    .max(max, { message: `must be at most ${max} characters` })
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

const capacity = () =>
  z
    .number({ message: `must be a whole number from 1 to ${MAX_CAPACITY}` })
    .int({ message: `must be a whole number from 1 to ${MAX_CAPACITY}` })
    .min(1, { message: `must be a whole number from 1 to ${MAX_CAPACITY}` })
    .max(MAX_CAPACITY, { message: `must be a whole number from 1 to ${MAX_CAPACITY}` });

// Zod runs an object's refinement even when one of its fields failed (then still raw input), so
// only two parsed dates are compared.
const endAfterStart = (value: { start_at?: unknown; end_at?: unknown }, ctx: z.RefinementCtx) => {
  const { start_at: start, end_at: end } = value;
  if (start instanceof Date && end instanceof Date && end.getTime() <= start.getTime()) {
    ctx.addIssue({ code: 'custom', path: ['end_at'], message: 'must be after start_at' });
  }
};

export const eventStatusSchema = z.enum(EVENT_STATUSES, { message: `must be one of ${EVENT_STATUSES.join(', ')}` });

// ---- events ----------------------------------------------------------------------------------

const eventFields = {
  title: requiredText(MAX_TITLE_LENGTH),
  description: optionalText(MAX_DESCRIPTION_LENGTH, (s) => s.trim()),
  location: optionalText(MAX_LOCATION_LENGTH),
  category: optionalText(MAX_CATEGORY_LENGTH, normaliseCategory).meta({ description: 'Free text, compared case-insensitively (stored in lower case)' }),
  start_at: dateTime().meta({ description: 'ISO 8601 with an offset; in the future' }),
  end_at: dateTime().meta({ description: 'After start_at' }),
  capacity: capacity().meta({ description: 'Places in all' }),
};

export const newEventSchema = z
  .object(eventFields)
  .superRefine(endAfterStart)
  .transform((body) => ({
    ...body,
    description: body.description ?? null,
    location: body.location ?? null,
    category: body.category ?? null,
  }))
  .meta({ id: 'NewEvent' });

export const eventChangesSchema = z
  .object({
    title: eventFields.title.optional(),
    description: eventFields.description,
    location: eventFields.location,
    category: eventFields.category,
    start_at: eventFields.start_at.optional(),
    end_at: eventFields.end_at.optional(),
    capacity: eventFields.capacity.optional().meta({ description: 'Never below `registered` (409); sessions above it are lowered to it' }),
  })
  .superRefine(endAfterStart)
  .meta({ id: 'EventChanges', description: 'Only the fields given change; `null` clears description, location or category' });

export const cancelEventSchema = z
  .object({
    reason: z
      .string({ message: 'must be text' })
      .overwrite(normaliseText)
      .min(1, { message: 'must not be blank' })
      .max(MAX_REASON_LENGTH, { message: `must be at most ${MAX_REASON_LENGTH} characters` })
      .optional()
      .meta({ description: 'Why; sent on to the attendees with event.cancelled' }),
  })
  .default({})
  .meta({ id: 'CancelEvent', description: 'The body may be left out' });

export const eventListQuerySchema = paginationQuerySchema
  .extend({
    page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
    q: z
      .string({ message: 'must be text' })
      .overwrite(normaliseText)
      .max(200, { message: 'must be at most 200 characters' })
      .optional()
      .transform((q) => q || undefined)
      .meta({ description: 'Full-text search over title, location and description (web search syntax: words, "a phrase", -not, or); ranked by relevance' }),
    category: z
      .string({ message: 'must be text' })
      .overwrite(normaliseCategory)
      .max(MAX_CATEGORY_LENGTH, { message: `must be at most ${MAX_CATEGORY_LENGTH} characters` })
      .optional()
      .transform((c) => c || undefined),
    from: dateTime().optional().meta({ description: 'Events still going on at or after this instant (ending after it)' }),
    to: dateTime().optional().meta({ description: 'Events beginning before this instant' }),
    status: eventStatusSchema.optional().meta({
      description: 'Without it: published events (and the caller\'s own drafts for an organizer, every draft for an admin). `cancelled` lists cancelled events; `draft` only drafts the caller may see',
    }),
  })
  .superRefine((query, ctx) => {
    const { from, to } = query as { from?: unknown; to?: unknown };
    if (from instanceof Date && to instanceof Date && to.getTime() <= from.getTime()) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  });

export const idParamsSchema = z.object({ id: uuid() });

export const eventSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string().nullable(),
    location: z.string().nullable(),
    category: z.string().nullable(),
    start_at: isoDateTimeSchema,
    end_at: isoDateTimeSchema,
    capacity: z.number().int(),
    registered: z.number().int().meta({ description: 'Places taken by active registrations' }),
    status: eventStatusSchema,
    organizer_id: z.uuid(),
  })
  .meta({ id: 'Event' });

export const eventPageSchema = pageSchema(eventSchema).meta({ id: 'EventPage' });

export const cacheHeaders = z.object({ 'X-Cache': z.enum(['HIT', 'MISS']).meta({ description: 'Whether the answer came from the cache' }) });

export function eventBody(e: Event): z.input<typeof eventSchema> {
  return {
    id: e.id,
    title: e.title,
    description: e.description,
    location: e.location,
    category: e.category,
    start_at: e.start_at.toISOString(),
    end_at: e.end_at.toISOString(),
    capacity: e.capacity,
    registered: e.registered,
    status: e.status,
    organizer_id: e.organizer_id,
  };
}

// ---- sessions --------------------------------------------------------------------------------

const sessionFields = {
  title: requiredText(MAX_TITLE_LENGTH),
  speaker: optionalText(MAX_SPEAKER_LENGTH),
  room: requiredText(MAX_ROOM_LENGTH).meta({ description: 'Two sessions of one event may not overlap in one room (compared case-insensitively)' }),
  start_at: dateTime().meta({ description: 'Within the event' }),
  end_at: dateTime().meta({ description: 'After start_at, within the event' }),
  capacity: capacity().optional().meta({ description: "At most the event's capacity; the event's capacity when left out" }),
};

const toNewSession = <T extends { speaker?: string | null }>(body: T) => ({ ...body, speaker: body.speaker ?? null });

export const newSessionSchema = z.object(sessionFields).superRefine(endAfterStart).transform(toNewSession).meta({ id: 'NewSession' });

export const newSessionOfEventSchema = z
  .object({ event_id: uuid(), ...sessionFields })
  .superRefine(endAfterStart)
  .transform(toNewSession)
  .meta({ id: 'NewSessionOfEvent' });

export const sessionChangesSchema = z
  .object({
    title: sessionFields.title.optional(),
    speaker: sessionFields.speaker,
    room: sessionFields.room.optional(),
    start_at: sessionFields.start_at.optional(),
    end_at: sessionFields.end_at.optional(),
    capacity: capacity().optional().meta({ description: "At most the event's capacity, never below `registered` (409)" }),
  })
  .superRefine(endAfterStart)
  .meta({ id: 'SessionChanges', description: 'Only the fields given change; the rules of a new session hold for the result' });

export const sessionSchema = z
  .object({
    id: z.uuid(),
    event_id: z.uuid(),
    title: z.string(),
    speaker: z.string().nullable(),
    room: z.string(),
    start_at: isoDateTimeSchema,
    end_at: isoDateTimeSchema,
    capacity: z.number().int(),
    registered: z.number().int(),
  })
  .meta({ id: 'Session' });

export const eventDetailSchema = eventSchema
  .extend({ sessions: z.array(sessionSchema).meta({ description: 'By start time, then room' }) })
  .meta({ id: 'EventWithSessions' });

export function sessionBody(s: Session): z.input<typeof sessionSchema> {
  return {
    id: s.id,
    event_id: s.event_id,
    title: s.title,
    speaker: s.speaker,
    room: s.room,
    start_at: s.start_at.toISOString(),
    end_at: s.end_at.toISOString(),
    capacity: s.capacity,
    registered: s.registered,
  };
}

export function eventDetailBody(e: EventWithSessions): z.input<typeof eventDetailSchema> {
  return { ...eventBody(e), sessions: e.sessions.map(sessionBody) };
}

// ---- registrations ---------------------------------------------------------------------------

export const registerSchema = z
  .object({
    session_ids: z
      .array(uuid(), { message: 'must be a list of session ids' })
      .max(MAX_SESSIONS_PER_REGISTRATION, { message: `must name at most ${MAX_SESSIONS_PER_REGISTRATION} sessions` })
      .refine((ids) => new Set(ids).size === ids.length, { message: 'must not name a session twice' })
      .default([])
      .meta({ description: 'Sessions of this event to attend too; none when left out. Two that overlap: 409 `SCHEDULE_CONFLICT`' }),
  })
  .default({ session_ids: [] })
  .meta({ id: 'RegistrationRequest', description: 'The body may be left out' });

export const registrationSchema = z
  .object({
    id: z.uuid(),
    event_id: z.uuid(),
    user_id: z.uuid(),
    status: z.enum(['active', 'cancelled']),
    session_ids: z.array(z.uuid()),
    created_at: isoDateTimeSchema,
  })
  .meta({ id: 'Registration' });

export function registrationBody(r: Registration): z.input<typeof registrationSchema> {
  return { id: r.id, event_id: r.event_id, user_id: r.user_id, status: r.status, session_ids: r.session_ids, created_at: r.created_at.toISOString() };
}

export const myRegistrationSchema = eventSchema
  .extend({ registration: registrationSchema })
  .meta({ id: 'MyRegistration', description: 'An event I am registered for, with my registration' });

export const myRegistrationPageSchema = pageSchema(myRegistrationSchema).meta({ id: 'MyRegistrationPage' });

export function myRegistrationBody(r: MyRegistration): z.input<typeof myRegistrationSchema> {
  return { ...eventBody(r.event), registration: registrationBody(r.registration) };
}

export const attendeesQuerySchema = paginationQuerySchema.extend({
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
  session_id: uuid().optional().meta({ description: 'Only those who chose this session' }),
});

export const attendeeSchema = z
  .object({
    registration_id: z.uuid(),
    user_id: z.uuid(),
    name: z.string().nullable().meta({ description: 'Null until this service has heard of the user (user.* events)' }),
    session_ids: z.array(z.uuid()),
    registered_at: isoDateTimeSchema,
  })
  .meta({ id: 'Attendee' });

export const attendeePageSchema = pageSchema(attendeeSchema).meta({ id: 'AttendeePage' });

export function attendeeBody(a: Attendee): z.input<typeof attendeeSchema> {
  return { registration_id: a.registration_id, user_id: a.user_id, name: a.name, session_ids: a.session_ids, registered_at: a.registered_at.toISOString() };
}

export const pageQuerySchema = paginationQuerySchema.extend({ page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1) });
