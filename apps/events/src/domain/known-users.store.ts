import type { Db } from '@marquee/service';

/** A fact about a user from a user.* event. */
export interface UserFact {
  user_id: string;
  name: string;
  /** The event's time: a late, older event never overwrites a newer one. */
  at: Date;
}

/**
 * The users this service has heard of through user.* events, for attendee names. There is no
 * backfill from the users service yet: users who registered before this service first ran are
 * listed without a name until their next user.updated.
 */
export interface KnownUsersStore {
  /** True when the fact was newer than what is stored and was applied. */
  apply(db: Db, fact: UserFact): Promise<boolean>;
}
