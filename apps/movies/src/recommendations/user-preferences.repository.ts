import type { Queryable } from '@marquee/postgres';
import { upsertNewerFact } from '@marquee/service';
import type { UserPreferences, UserPreferencesStore } from './user-preferences.store';

/** The users read model (table `users`): each user's chosen genres and maturity filter. */
export class UserPreferencesRepository implements UserPreferencesStore {
  /** Stores the preferences unless a newer event already did; an event of the same instant replaces them (the later arrival wins). */
  apply(db: Queryable, user: UserPreferences, at: Date): Promise<boolean> {
    return upsertNewerFact(db, 'users', { id: user.id }, { genres: user.genres, maturity_filter: user.maturity_filter }, at, {
      timeColumn: 'event_time',
      sameInstant: 'replace',
    });
  }

  async preferences(db: Queryable, id: string): Promise<UserPreferences> {
    const { rows } = await db.query<UserPreferences>('SELECT id, genres, maturity_filter FROM users WHERE id = $1', [id]);
    return rows[0] ?? { id, genres: [], maturity_filter: 'all' };
  }
}
