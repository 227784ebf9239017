import type { UserRegisteredData } from '@marquee/contracts';
import type { EventHandlers } from '@marquee/service';
import { passwordResetMessages, welcomeMessages, type MessageFormat } from '../domain/event-messages';
import type { NotifierService } from '../domain/notifier.service';
import type { KnownUsersStore, RecipientFact } from '../domain/recipient';

function fact(data: UserRegisteredData, time: string): RecipientFact {
  return { user_id: data.user_id, email: data.email, name: data.name, phone_number: data.phone_number, at: new Date(time) };
}

/**
 * Keeps the recipients read model from user.registered and user.updated (the event time makes a
 * late, older event change nothing), and turns a registration into a welcome and a reset request
 * into the e-mail with its code. The platform's inbox makes a redelivery a no-op.
 */
export function userEventHandlers(knownUsers: KnownUsersStore, notifier: NotifierService, format: MessageFormat): EventHandlers {
  return {
    'user.registered': async (data, event, client) => {
      await knownUsers.apply(client, fact(data, event.time));
      await notifier.notify(client, event.id, welcomeMessages(data));
    },
    'user.updated': async (data, event, client) => {
      await knownUsers.apply(client, fact(data, event.time));
    },
    'user.password_reset_requested': async (data, event, client) => {
      await notifier.notify(client, event.id, passwordResetMessages(data, format));
    },
  };
}
