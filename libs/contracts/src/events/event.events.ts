import { z } from 'zod';
import { isoDateTimeSchema, uuidSchema } from '../primitives';

/** Events of the events platform (talks, workshops), not to be confused with domain events. */

const platformEventSchema = z.object({
  event_id: uuidSchema,
  title: z.string().min(1),
  organizer_id: uuidSchema,
  category: z.string().nullable(),
  location: z.string().nullable(),
  start_at: isoDateTimeSchema,
  end_at: isoDateTimeSchema,
  capacity: z.number().int().positive(),
  /** Registrations at the time of the event. */
  registered: z.number().int().nonnegative(),
});

/** `event.published`: open for registration. */
export const eventPublishedDataSchema = platformEventSchema.extend({ status: z.literal('published') });
export type EventPublishedData = z.infer<typeof eventPublishedDataSchema>;

/**
 * `event.cancelled`: the event will not take place. `attendee_ids` lists the users registered at
 * that moment, so notifications can tell each of them without a read model of registrations.
 */
export const eventCancelledDataSchema = platformEventSchema.extend({
  status: z.literal('cancelled'),
  attendee_ids: z.array(uuidSchema),
  reason: z.string().nullable(),
});
export type EventCancelledData = z.infer<typeof eventCancelledDataSchema>;

const registrationSchema = z.object({
  registration_id: uuidSchema,
  event_id: uuidSchema,
  user_id: uuidSchema,
  /** Sessions chosen; empty when the user registered for the event only. */
  session_ids: z.array(uuidSchema),
  /** For the confirmation e-mail. */
  event_title: z.string().min(1),
  event_start_at: isoDateTimeSchema,
});

/** `registration.created`: a user registered for an event (and maybe some of its sessions). */
export const registrationCreatedDataSchema = registrationSchema;
export type RegistrationCreatedData = z.infer<typeof registrationCreatedDataSchema>;

/** `registration.cancelled`: a user cancelled their registration; its places are free again. */
export const registrationCancelledDataSchema = registrationSchema;
export type RegistrationCancelledData = z.infer<typeof registrationCancelledDataSchema>;
