import { upsertNewerFact, type Db } from '@marquee/service';
import type { KnownUsersStore, Recipient, RecipientFact } from '../domain/recipient';

/** The read model of users (table `known_users`), fed by user.* events and the users service. */
export class KnownUsersRepository implements KnownUsersStore {
  apply(db: Db, fact: RecipientFact): Promise<boolean> {
    return upsertNewerFact(
      db,
      'known_users',
      { user_id: fact.user_id },
      { email: fact.email, name: fact.name, phone_number: fact.phone_number },
      fact.at,
      { touch: ['received_at'] },
    );
  }

  async find(db: Db, userId: string): Promise<Recipient | null> {
    const { rows } = await db.query<Recipient>('SELECT user_id, email, name, phone_number FROM known_users WHERE user_id = $1', [userId]);
    return rows[0] ?? null;
  }

  async backfilled(db: Db): Promise<boolean> {
    const { rows } = await db.query<{ done: boolean }>('SELECT EXISTS (SELECT 1 FROM user_backfill) AS done');
    return rows[0]?.done ?? false;
  }

  async markBackfilled(db: Db, users: number): Promise<void> {
    await db.query('INSERT INTO user_backfill (users) VALUES ($1) ON CONFLICT (singleton) DO NOTHING', [users]);
  }
}
