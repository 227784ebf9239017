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
