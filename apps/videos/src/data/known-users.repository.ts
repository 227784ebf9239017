import { upsertNewerFact, type Db } from '@marquee/service';
import type { KnownUsersStore, UserFact } from '../domain/known-users.store';

export class KnownUsersRepository implements KnownUsersStore {
  apply(db: Db, fact: UserFact): Promise<boolean> {
    return upsertNewerFact(db, 'known_users', { user_id: fact.user_id }, { name: fact.name }, fact.at);
  }
}
