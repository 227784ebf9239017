import { usersDirectory } from '@marquee/service';
import { z } from 'zod';
import type { Recipient, RecipientSource } from '../domain/recipient';

// Only what messages need of the directory's answers; the rest is not ours to check.
const userSchema = z.object({
  id: z.uuid(),
  email: z.string().min(3),
  name: z.string().nullable().catch(null),
  username: z.string().nullable().catch(null),
  phone_number: z.string().nullable().catch(null),
});

function recipient(user: z.infer<typeof userSchema>): Recipient {
  const name = user.name?.trim() || user.username?.trim() || (user.email.split('@')[0] ?? user.email);
  return { user_id: user.id, email: user.email, name, phone_number: user.phone_number || null };
}

/** The users service's internal directory as the recipients' source; failures are 503 AppErrors. */
export function usersClient(platform: Parameters<typeof usersDirectory>[0]): RecipientSource {
  return usersDirectory(platform, userSchema, recipient);
}
