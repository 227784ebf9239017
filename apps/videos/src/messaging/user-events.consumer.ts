import type { UserRegisteredData } from '@marquee/contracts';
import type { EventHandlers } from '@marquee/service';
import type { KnownUsersStore, UserFact } from '../domain/known-users.store';

function fact(data: Pick<UserRegisteredData, 'user_id' | 'name' | 'username' | 'city' | 'country'>, time: string): UserFact {
  return { user_id: data.user_id, name: data.name, username: data.username, city: data.city, country: data.country, at: new Date(time) };
}

/**
 * Keeps the known-users read model (name, username, city, country: the public list and the
 * rankings show them) from user.registered and user.updated. The platform's inbox makes a
 * redelivery a no-op; the event time makes a late, older event change nothing.
 */
export function userEventHandlers(knownUsers: KnownUsersStore): EventHandlers {
  return {
    'user.registered': async (data, event, client) => {
      await knownUsers.apply(client, fact(data, event.time));
    },
    'user.updated': async (data, event, client) => {
      await knownUsers.apply(client, fact(data, event.time));
    },
  };
}
