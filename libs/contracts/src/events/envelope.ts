import { z } from 'zod';
import { isoDateTimeSchema, uuidSchema } from '../primitives';

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
export const EVENT_CONTENT_TYPE = 'application/json';

/**
 * The envelope of every message on the `marquee.events` exchange, with CloudEvents 1.0 attribute
 * names. `type` is the routing key (`ticket.confirmed`); `source` the publishing service (`tickets`);
 * `correlationid` (a CloudEvents extension attribute) carries the request id that caused the event,
 * so logs can follow a purchase across services.
 *
 * This schema checks the envelope only: `data` is left `unknown` and `type` is any string. Use
 * {@link parseEvent} to check both against the catalogue of known events.
 */
export const eventEnvelopeSchema = z.object({
  specversion: z.literal(CLOUDEVENTS_SPEC_VERSION),
  id: uuidSchema,
  source: z.string().min(1),
  type: z.string().min(1),
  time: isoDateTimeSchema,
  datacontenttype: z.literal(EVENT_CONTENT_TYPE),
  correlationid: z.string().min(1).optional(),
  data: z.unknown().refine((data) => data !== undefined, { error: 'data is required' }),
});

/** An event envelope whose `data` is `T` (unchecked `unknown` by default). */
export type EventEnvelope<T = unknown> = Omit<z.infer<typeof eventEnvelopeSchema>, 'data'> & { data: T };

/** Options of {@link createEnvelope} (and of `createEvent`). */
export interface CreateEventOptions {
  /** The publishing service (`tickets`). */
  source: string;
  /** The request id that caused the event, when there is one. */
  correlationid?: string;
  /** Defaults to a random UUID. Pass one to make a retried publish recognisable as the same event. */
  id?: string;
  /** Defaults to now. */
  time?: Date | string;
}

/**
 * Builds a CloudEvents envelope around `data`: the one place envelopes are made (by `createEvent`
 * for catalogue events, and by the outbox). The attributes are checked (throws a `ZodError` on,
 * say, an empty source or a non-UUID id); `data` is not — `createEvent` checks it against the
 * catalogue before calling this.
 */
export function createEnvelope<T>(type: string, data: T, options: CreateEventOptions): EventEnvelope<T> {
  const time = options.time ?? new Date();
  const envelope = {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    id: options.id ?? globalThis.crypto.randomUUID(),
    source: options.source,
    type,
    time: typeof time === 'string' ? time : time.toISOString(),
    datacontenttype: EVENT_CONTENT_TYPE,
    ...(options.correlationid === undefined ? {} : { correlationid: options.correlationid }),
    data,
  };
  return { ...eventEnvelopeSchema.parse(envelope), data };
}
