import { backfillMirror, learnManyFromOwner, type DomainPlatform } from '@marquee/service';
import type { KnownUsersStore, Player, UserDirectory } from './known-users.store';

export interface PlayersDeps extends DomainPlatform {
  users: KnownUsersStore;
  directory: UserDirectory;
}

/**
 * The players behind videos: a read model fed by user.* events, backfilled from the users
 * service once (this service started after accounts existed), and asked about the ids it has
 * never heard of (an account whose event is not delivered yet) before they are shown.
 */
export class PlayersService {
  constructor(private readonly deps: PlayersDeps) {}

  /**
   * Asks the users service about each id (once each), remembers what it answers as a fact of the
   * moment it was asked (a newer event still wins), and returns those it knows. When users cannot
   * be reached, the answer is what was learnt so far: a public page is shown without the names
   * rather than not at all.
   */
  learn(ids: Iterable<string>): Promise<Map<string, Player>> {
    return learnManyFromOwner(this.mirror, ids);
  }

  /** Fills the read model from the users service unless that has gone through once (see `backfillMirror`). */
  backfillIfNeeded(signal?: AbortSignal): Promise<boolean> {
    return backfillMirror(this.mirror, signal);
  }

  private get mirror() {
    return { db: this.deps.db, logger: this.deps.logger, store: this.deps.users, source: this.deps.directory, name: 'players read model' };
  }
}
