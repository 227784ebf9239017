import type { EventHandlers } from '@marquee/service';
import type { KnownUsersStore } from '../domain/known-users.store';

/**
 * Keeps the known-users read model from user.registered and user.updated. The platform's inbox
 * makes a redelivery a no-op; the event time makes a late, older event change nothing.
 */
export function userEventHandlers(knownUsers: KnownUsersStore): EventHandlers {
  return {
    'user.registered': async (data, event, client) => {
      await knownUsers.apply(client, { user_id: data.user_id, name: data.name, at: new Date(event.time) });
    },
    'user.updated': async (data, event, client) => {
      await knownUsers.apply(client, { user_id: data.user_id, name: data.name, at: new Date(event.time) });
    },
  };
}
