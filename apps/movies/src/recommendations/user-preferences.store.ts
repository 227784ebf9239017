import type { MaturityFilter } from '@marquee/contracts';
import type { Db } from '@marquee/service';

export interface UserPreferences {
  id: string;
  genres: string[];
  maturity_filter: MaturityFilter;
}

/** The read model of users (from the users service's events): what recommendations need to know about one. */
export interface UserPreferencesStore {
  /** Stores the preferences stated at `at`, unless a newer event already did; resolves whether anything changed. */
  apply(db: Db, user: UserPreferences, at: Date): Promise<boolean>;
  /** A user never heard of (their event not consumed yet) has no genres and sees everything. */
  preferences(db: Db, id: string): Promise<UserPreferences>;
}
