import type { Db } from '@marquee/service';

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

/** The read model of users (table `known_users`); `data/known-users.repository.ts` implements it. */
export interface KnownUsersStore {
  /** Records the fact unless a newer one is stored. True when written. */
  apply(db: Db, fact: RecipientFact): Promise<boolean>;
  find(db: Db, userId: string): Promise<Recipient | null>;
  /** Whether the backfill from the users service has been completed once. */
  backfilled(db: Db): Promise<boolean>;
  markBackfilled(db: Db, users: number): Promise<void>;
}

/** One page of the users service's directory. */
export interface RecipientPage {
  users: Recipient[];
  totalPages: number;
}

/** The users service's internal directory (`data/users.client.ts`); failures are 503 AppErrors. */
export interface RecipientSource {
  /** The user, or null when users does not know them. */
  user(id: string): Promise<Recipient | null>;
  page(page: number, limit: number): Promise<RecipientPage>;
}
