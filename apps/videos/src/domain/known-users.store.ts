import type { Db } from '@marquee/service';

/** A fact about a user from a user.* event. */
export interface UserFact {
  user_id: string;
  name: string;
  username: string | null;
  city: string | null;
  country: string | null;
  /** The event's time: a late, older event never overwrites a newer one. */
  at: Date;
}

export interface KnownUsersStore {
  /** True when the fact was newer than what is stored and was applied. */
  apply(db: Db, fact: UserFact): Promise<boolean>;
}
