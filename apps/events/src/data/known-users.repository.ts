import { upsertNewerFact, type Db } from '@marquee/service';
import type { KnownUsersStore, UserFact } from '../domain/known-users.store';

export class KnownUsersRepository implements KnownUsersStore {
  apply(db: Db, fact: UserFact): Promise<boolean> {
    return upsertNewerFact(db, 'known_users', { user_id: fact.user_id }, { name: fact.name }, fact.at);
  }

  async backfilled(db: Db): Promise<boolean> {
    const { rows } = await db.query<{ done: boolean }>('SELECT EXISTS (SELECT 1 FROM user_backfill) AS done');
    return rows[0]?.done ?? false;
  }

  async markBackfilled(db: Db, users: number): Promise<void> {
    await db.query('INSERT INTO user_backfill (users) VALUES ($1) ON CONFLICT (singleton) DO NOTHING', [users]);
  }
}
