import type { MaturityFilter } from '@marquee/contracts';
import type { Queryable } from '@marquee/postgres';

export interface UserPreferences {
  id: string;
  genres: string[];
  maturity_filter: MaturityFilter;
}

/** The users read model: what recommendations need to know about a user. */
export class UsersRepository {
  /** Stores the preferences unless a newer event already did; resolves whether anything changed. */
  async apply(db: Queryable, user: UserPreferences, at: Date): Promise<boolean> {
    const { rowCount } = await db.query(
      `INSERT INTO users (id, genres, maturity_filter, event_time) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE
       SET genres = EXCLUDED.genres, maturity_filter = EXCLUDED.maturity_filter, event_time = EXCLUDED.event_time
       WHERE users.event_time <= EXCLUDED.event_time`,
      [user.id, user.genres, user.maturity_filter, at],
    );
    return (rowCount ?? 0) > 0;
  }

  /** A user never heard of (their event not consumed yet) has no genres and sees everything. */
  async preferences(db: Queryable, id: string): Promise<UserPreferences> {
    const { rows } = await db.query<UserPreferences>('SELECT id, genres, maturity_filter FROM users WHERE id = $1', [id]);
    return rows[0] ?? { id, genres: [], maturity_filter: 'all' };
  }
}
