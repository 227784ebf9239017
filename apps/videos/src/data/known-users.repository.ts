import { upsertNewerFact, type Db } from '@marquee/service';
import type { KnownUsersStore, UserFact } from '../domain/known-users.store';
import { placeKey } from '../domain/video';

export class KnownUsersRepository implements KnownUsersStore {
  apply(db: Db, fact: UserFact): Promise<boolean> {
    return upsertNewerFact(
      db,
      'known_users',
      { user_id: fact.user_id },
      {
        name: fact.name,
        username: fact.username,
        city: fact.city,
        country: fact.country,
        city_key: placeKey(fact.city),
        country_key: placeKey(fact.country),
      },
      fact.at,
    );
  }
}
