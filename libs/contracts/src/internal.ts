import { z } from 'zod';
import { pageSchema } from './pagination';

/**
 * An account as the users service's internal directory gives it to other services (their
 * read models' backfill and a lookup on a miss): `GET /internal/users?page=&limit=` and
 * `GET /internal/users/{id}` on the users service, never through the gateway.
 */
export const directoryUserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  username: z.string().nullable(),
  phone_number: z.string().nullable(),
  city: z.string().nullable(),
  country: z.string().nullable(),
  role: z.string(),
  updated_at: z.iso.datetime({ offset: true }),
});
export type DirectoryUser = z.infer<typeof directoryUserSchema>;

export const directoryPageSchema = pageSchema(directoryUserSchema);

/** The internal directory's paths on the users service. */
export const USERS_DIRECTORY_PATH = '/internal/users';
