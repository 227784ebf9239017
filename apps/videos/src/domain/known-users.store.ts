import type { Db } from '@marquee/service';

/** What is known of a player: the public list and the rankings show it. */
export interface Player {
  user_id: string;
  name: string;
  username: string | null;
  city: string | null;
  country: string | null;
}

/** A fact about a user from a user.* event, or from the users service when it was asked. */
export interface UserFact extends Player {
  /** The event's time (or when users was asked): an older fact never overwrites a newer one. */
  at: Date;
}

/** The read model of users (table `known_users`); `data/known-users.repository.ts` implements it. */
export interface KnownUsersStore {
  /** True when the fact was newer than what is stored and was applied. */
  apply(db: Db, fact: UserFact): Promise<boolean>;
  /** Whether the backfill from the users service has gone through once. */
  backfilled(db: Db): Promise<boolean>;
  markBackfilled(db: Db, users: number): Promise<void>;
}

/** One page of the users service's directory. */
export interface DirectoryPage {
  users: Player[];
  totalPages: number;
}

/** The users service's internal directory (`data/users.client.ts`); failures are 503 AppErrors. */
export interface UserDirectory {
  /** The user, or null when users does not know them. */
  user(id: string): Promise<Player | null>;
  page(page: number, limit: number): Promise<DirectoryPage>;
}
