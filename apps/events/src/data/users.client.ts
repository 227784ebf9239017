import { usersDirectory } from '@marquee/service';
import { z } from 'zod';
import type { KnownUser, UserDirectory } from '../domain/known-users.store';

// Only what attendee lists need of the directory's answers.
const userSchema = z.object({ id: z.uuid(), name: z.string() });

/** The users service's internal directory as the attendees' names' source; failures are 503 AppErrors. */
export function usersClient(platform: Parameters<typeof usersDirectory>[0]): UserDirectory {
  return usersDirectory(platform, userSchema, (user): KnownUser => ({ user_id: user.id, name: user.name }));
}
