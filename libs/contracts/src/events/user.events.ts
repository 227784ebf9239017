import { z } from 'zod';
import { isoDateTimeSchema, uuidSchema } from '../primitives';

export const userRoleSchema = z.enum(['user', 'organizer', 'admin']);
export type UserRole = z.infer<typeof userRoleSchema>;

export const maturityFilterSchema = z.enum(['all', 'teen', 'adult']);
export type MaturityFilter = z.infer<typeof maturityFilterSchema>;

/**
 * The whole public profile of a user, as consumers keep it in their local read models (movies,
 * videos and analytics: name, city, country, genres; notifications: e-mail and name).
 * Every key is always present; an unknown value is `null`.
 */
const userSnapshotSchema = z.object({
  user_id: uuidSchema,
  email: z.email(),
  username: z.string().min(1).nullable(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  /** The display name: `first_name last_name`, or what the user gave as `name`. */
  name: z.string(),
  city: z.string().nullable(),
  country: z.string().nullable(),
  phone_number: z.string().nullable(),
  /** Favourite genres by name (`"Drama"`), the same names movies carry. */
  genres: z.array(z.string().min(1)),
  role: userRoleSchema,
  /**
   * Which films the user wants to see by certification: `teen` hides adult-rated ones, `all` hides
   * nothing. Events from before this field existed read as `all`.
   */
  maturity_filter: maturityFilterSchema.default('all'),
  /** BCP 47 tag (`"pt-BR"`), or `null`. */
  preferred_language: z.string().nullable().default(null),
});

/** `user.registered`: a new account, with its full profile. */
export const userRegisteredDataSchema = userSnapshotSchema;
export type UserRegisteredData = z.infer<typeof userRegisteredDataSchema>;

/** `user.updated`: the profile (or role) changed; carries the full profile after the change. */
export const userUpdatedDataSchema = userSnapshotSchema;
export type UserUpdatedData = z.infer<typeof userUpdatedDataSchema>;

/**
 * `user.password_reset_requested`: someone asked to reset this account's password. The
 * notifications service e-mails `otp_code`; this event is the only way the code leaves the users
 * service, so other consumers must not store or log it.
 */
export const userPasswordResetRequestedDataSchema = z.object({
  user_id: uuidSchema,
  email: z.email(),
  name: z.string(),
  otp_code: z.string().regex(/^\d{6}$/, { error: 'expected a 6-digit code' }),
  expires_at: isoDateTimeSchema,
});
export type UserPasswordResetRequestedData = z.infer<typeof userPasswordResetRequestedDataSchema>;
