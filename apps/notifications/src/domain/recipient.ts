import type { Db, MirrorSource, MirrorStore } from '@marquee/service';

/** Who a message goes to: a user as this service knows them. */
export interface Recipient {
  user_id: string;
  email: string;
  name: string;
  phone_number: string | null;
}

/** What a user.* event (or the users service) says about a user at one moment. */
export interface RecipientFact extends Recipient {
  /** When the fact was true: the event's `time`, or when users was asked. */
  at: Date;
}

/** The read model of users (table `known_users`), a mirror of the users service's directory. */
export interface KnownUsersStore extends MirrorStore<Recipient> {
  /** Records the fact unless a newer one is stored. True when written. */
  apply(db: Db, fact: RecipientFact): Promise<boolean>;
  find(db: Db, userId: string): Promise<Recipient | null>;
}

/**
 * The users service's internal directory (`data/users.client.ts`): a user (null when users does
 * not know them) or a page; failures are 503 AppErrors.
 */
export type RecipientSource = MirrorSource<Recipient>;
