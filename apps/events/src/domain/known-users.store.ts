import type { Db, MirrorSource, MirrorStore } from '@marquee/service';

/** A user as this service knows them: the name attendee lists show. */
export interface KnownUser {
  user_id: string;
  name: string;
}

/** A fact about a user from a user.* event, or from the users service when it was asked. */
export interface UserFact extends KnownUser {
  /** The event's time (or when users was asked): a late, older fact never overwrites a newer one. */
  at: Date;
}

/**
 * The users this service knows (table `known_users`), for attendee names: a mirror of the users
 * service's directory, fed by user.* events and backfilled once from the directory.
 */
export interface KnownUsersStore extends MirrorStore<KnownUser> {
  /** True when the fact was newer than what is stored and was applied. */
  apply(db: Db, fact: UserFact): Promise<boolean>;
}

/** The users service's internal directory (`data/users.client.ts`); failures are 503 AppErrors. */
export type UserDirectory = MirrorSource<KnownUser>;
