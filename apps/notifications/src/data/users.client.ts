import { USERS_DIRECTORY_PATH } from '@marquee/contracts';
import type { ServiceClient } from '@marquee/service';
import { z } from 'zod';
import type { Recipient, RecipientPage, RecipientSource } from '../domain/recipient';

// Only what messages need of the directory's answers; the rest is not ours to check.
const userSchema = z.object({
  id: z.uuid(),
  email: z.string().min(3),
  name: z.string().nullable().catch(null),
  username: z.string().nullable().catch(null),
  phone_number: z.string().nullable().catch(null),
});
const pageSchema = z.object({ items: z.array(userSchema), total_pages: z.number().int().min(0) });

function recipient(user: z.infer<typeof userSchema>): Recipient {
  const name = user.name?.trim() || user.username?.trim() || (user.email.split('@')[0] ?? user.email);
  return { user_id: user.id, email: user.email, name, phone_number: user.phone_number || null };
}

/**
 * The users service's internal directory over HTTP, with INTERNAL_TOKEN as bearer token when it
 * is set, through the shared service client: failures reach the caller as 503 AppErrors.
 */
export class UsersClient implements RecipientSource {
  constructor(
    private readonly client: ServiceClient,
    private readonly token: string | undefined,
  ) {}

  async user(id: string): Promise<Recipient | null> {
    try {
      const user = await this.client.get(`${USERS_DIRECTORY_PATH}/${encodeURIComponent(id)}`, userSchema, { token: this.token });
      return user === null ? null : recipient(user);
    } catch (error) {
      throw this.client.toAppError(error);
    }
  }

  async page(page: number, limit: number): Promise<RecipientPage> {
    try {
      const body = await this.client.get(`${USERS_DIRECTORY_PATH}?page=${page}&limit=${limit}`, pageSchema, { token: this.token });
      // A list route that is not there is users misconfigured, not an empty directory.
      if (body === null) throw this.client.toAppError(new Error('the users directory answered 404'));
      return { users: body.items.map(recipient), totalPages: body.total_pages };
    } catch (error) {
      throw this.client.toAppError(error);
    }
  }
}
