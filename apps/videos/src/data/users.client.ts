import { directoryUserSchema, type DirectoryUser } from '@marquee/contracts';
import { usersDirectory } from '@marquee/service';
import type { Player, UserDirectory } from '../domain/known-users.store';

function player(user: DirectoryUser): Player {
  return { user_id: user.id, name: user.name, username: user.username, city: user.city, country: user.country };
}

/** The users service's internal directory as the players' source; failures are 503 AppErrors. */
export function usersClient(platform: Parameters<typeof usersDirectory>[0]): UserDirectory {
  return usersDirectory(platform, directoryUserSchema, player);
}
