import { directoryPageSchema, directoryUserSchema, USERS_DIRECTORY_PATH, type DirectoryUser } from '@marquee/contracts';
import type { ServiceClient } from '@marquee/service';
import type { DirectoryPage, Player, UserDirectory } from '../domain/known-users.store';

function player(user: DirectoryUser): Player {
  return { user_id: user.id, name: user.name, username: user.username, city: user.city, country: user.country };
}

/**
 * The users service's internal directory over HTTP (`GET /internal/users?page=&limit=` and
 * `GET /internal/users/{id}`), with INTERNAL_TOKEN as bearer token when it is set, through the
 * shared service client: failures reach the caller as 503 AppErrors.
 */
export class UsersClient implements UserDirectory {
  constructor(
    private readonly client: ServiceClient,
    private readonly token: string | undefined,
  ) {}

  async user(id: string): Promise<Player | null> {
    try {
      const user = await this.client.get(`${USERS_DIRECTORY_PATH}/${encodeURIComponent(id)}`, directoryUserSchema, { token: this.token });
      return user === null ? null : player(user);
    } catch (error) {
      throw this.client.toAppError(error);
    }
  }

  async page(page: number, limit: number): Promise<DirectoryPage> {
    try {
      const body = await this.client.get(`${USERS_DIRECTORY_PATH}?page=${page}&limit=${limit}`, directoryPageSchema, { token: this.token });
      // A list route that is not there is users misconfigured, not an empty directory.
      if (body === null) throw this.client.toAppError(new Error('the users directory answered 404'));
      return { users: body.items.map(player), totalPages: body.total_pages };
    } catch (error) {
      throw this.client.toAppError(error);
    }
  }
}
