import type { Db, MirrorSource, MirrorStore } from '@marquee/service';

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

/** The read model of users (table `known_users`), a mirror of the users service's directory. */
export interface KnownUsersStore extends MirrorStore<Player> {
  /** True when the fact was newer than what is stored and was applied. */
  apply(db: Db, fact: UserFact): Promise<boolean>;
}

/**
 * The users service's internal directory (`data/users.client.ts`): a user (null when users does
 * not know them) or a page; failures are 503 AppErrors.
 */
export type UserDirectory = MirrorSource<Player>;
