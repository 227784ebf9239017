import { backfillPages, type DomainPlatform } from '@marquee/service';
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
  async learn(ids: Iterable<string>): Promise<Map<string, Player>> {
    const found = new Map<string, Player>();
    for (const id of new Set(ids)) {
      const asked = new Date();
      let player: Player | null;
      try {
        player = await this.deps.directory.user(id);
      } catch (error) {
        this.deps.logger.warn('the users service could not say who a player is; shown without a name', {
          user_id: id,
          error: error instanceof Error ? error.message : String(error),
        });
        break;
      }
      if (!player) continue;
      await this.deps.users.apply(this.deps.db, { ...player, at: asked });
      found.set(id, player);
    }
    return found;
  }

  /**
   * Fills the read model from the users service, page by page, until that has gone through once;
   * false when it already had (or `signal` ended it early). "Done" is recorded rather than judged by
   * an empty table: events (or the demo seed) may add a few users while users is down at start,
   * and a half-done pass must run again.
   */
  async backfillIfNeeded(signal?: AbortSignal): Promise<boolean> {
    if (await this.deps.users.backfilled(this.deps.db)) return false;
    const stored = await backfillPages({
      fetchPage: async (page, limit) => {
        const { users: items, totalPages } = await this.deps.directory.page(page, limit);
        return { items, totalPages };
      },
      apply: (item, asked) => this.deps.users.apply(this.deps.db, { ...item, at: asked }),
      signal,
    });
    if (stored === null) return false;
    await this.deps.users.markBackfilled(this.deps.db, stored);
    this.deps.logger.info('players read model backfilled from the users service', { users: stored });
    return true;
  }
}
