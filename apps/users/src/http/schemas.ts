import { z } from 'zod';
import { MAX_PASSWORD_BYTES } from '../domain/password-hasher';

export const emailSchema = z.email({ message: 'must be an e-mail address' }).max(254);
export const newPasswordSchema = z
  .string()
  .min(8, { message: 'must be at least 8 characters' })
  .refine((p) => Buffer.byteLength(p, 'utf8') <= MAX_PASSWORD_BYTES, { message: `must be at most ${MAX_PASSWORD_BYTES} bytes` });
/** A password being checked: bounded so nobody makes us hash megabytes. */
export const givenPasswordSchema = z.string().min(1, { message: 'is required' }).max(1024);
export const usernameSchema = z.string().regex(/^[A-Za-z0-9_.-]{3,30}$/, { message: 'must be 3 to 30 letters, digits, dots, dashes or underscores' });
const text = (max = 100) => z.string().trim().max(max);
const nullableText = (max = 100) => text(max).nullable().optional();
export const genresSchema = z
  .array(z.union([z.string().trim().min(1).max(50), z.number().int().nonnegative()]).transform(String))
  .max(30)
  .transform((genres) => [...new Set(genres)]);
export const phoneSchema = z.string().trim().regex(/^\+?[0-9 ()-]{3,32}$/, { message: 'must be a phone number' });
export const roleSchema = z.enum(['user', 'organizer', 'admin']);
export const platformSchema = z.enum(['web', 'mobile-app']);

export const registerBodySchema = z
  .object({
    email: emailSchema,
    password: newPasswordSchema,
    password_confirm: z.string().max(1024).optional(),
    username: usernameSchema.optional(),
    name: text().optional(),
    first_name: text().optional(),
    last_name: text().optional(),
    city: text().optional(),
    country: text().optional(),
    phone_number: phoneSchema.optional(),
    genres: genresSchema.optional(),
    role: roleSchema.optional(),
    platform: platformSchema.optional(),
    device_name: text(200).optional(),
  })
  .refine((b) => b.password_confirm === undefined || b.password_confirm === b.password, {
    message: 'must match password',
    path: ['password_confirm'],
  })
  .meta({ id: 'RegisterRequest' });

export const loginBodySchema = z
  .object({
    email: z.string().max(254).optional(),
    username: z.string().max(254).optional(),
    password: givenPasswordSchema,
    platform: platformSchema.optional(),
    device_name: text(200).optional(),
  })
  .refine((b) => Boolean(b.email || b.username), { message: 'give email or username', path: ['email'] })
  .meta({ id: 'LoginRequest', description: 'JSON, or the OAuth2 password form (`username`, `password`, form-encoded)' });

export const profileChangesSchema = z
  .object({
    username: usernameSchema.optional(),
    name: text().optional(),
    first_name: nullableText(),
    last_name: nullableText(),
    city: nullableText(),
    country: nullableText(),
    phone_number: phoneSchema.nullable().optional(),
    genres: genresSchema.optional(),
    maturity_filter: z.enum(['all', 'teen', 'adult']).optional(),
    preferred_language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, { message: 'must be a language tag such as en or pt-BR' }).nullable().optional(),
    role: z.unknown().optional().meta({ description: 'Not accepted here: an admin uses PATCH /api/users/{id}/role' }),
  })
  .meta({ id: 'ProfileChanges' });

export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    username: z.string().nullable(),
    name: z.string(),
    first_name: z.string().nullable(),
    last_name: z.string().nullable(),
    city: z.string().nullable(),
    country: z.string().nullable(),
    phone_number: z.string().nullable(),
    genres: z.array(z.string()),
    role: roleSchema,
    maturity_filter: z.enum(['all', 'teen', 'adult']),
    preferred_language: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'User' });

export const userEnvelopeSchema = z.object({ user: userSchema }).meta({ id: 'UserEnvelope' });

export const authResultSchema = z
  .object({
    user: userSchema,
    access_token: z.string(),
    refresh_token: z.string(),
    token_type: z.literal('bearer'),
    expires_in: z.number().int().meta({ description: 'Access token lifetime in seconds' }),
  })
  .meta({ id: 'AuthTokens' });

export const sessionSchema = z
  .object({
    id: z.uuid(),
    ip: z.string().nullable(),
    platform: platformSchema,
    device_name: z.string().nullable(),
    started_at: z.string(),
    last_seen_at: z.string(),
    current: z.boolean(),
  })
  .meta({ id: 'LoginSession' });

export const idParamsSchema = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
