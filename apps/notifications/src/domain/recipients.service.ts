import { backfillPages, type DomainPlatform } from '@marquee/service';
import type { KnownUsersStore, Recipient, RecipientSource } from './recipient';

export interface RecipientsDeps extends DomainPlatform {
  users: KnownUsersStore;
  source: RecipientSource;
}

/**
 * The people messages go to: a read model fed by user.* events, backfilled from the users
 * service when it has not been yet (this service started after accounts existed), and asked
 * about one id it has never heard of (an account whose event is not delivered yet).
 */
export class RecipientsService {
  constructor(private readonly deps: RecipientsDeps) {}

  /** The user from the read model, else from the users service (then remembered); null when neither knows them. */
  async find(userId: string): Promise<Recipient | null> {
    const known = await this.deps.users.find(this.deps.db, userId);
    if (known) return known;
    const asked = new Date();
    const fetched = await this.deps.source.user(userId);
    if (!fetched) return null;
    // The answer is a fact as of the moment we asked: an event newer than that still wins.
    await this.deps.users.apply(this.deps.db, { ...fetched, at: asked });
    return (await this.deps.users.find(this.deps.db, userId)) ?? fetched;
  }

  /**
   * Fills the read model from the users service, page by page, until that has gone through once;
   * false when it already had. "Done" is recorded rather than judged by an empty table: events may
   * add a few users while users is down at start, and a half-done pass must run again.
   */
  async backfillIfNeeded(signal?: AbortSignal): Promise<boolean> {
    if (await this.deps.users.backfilled(this.deps.db)) return false;
    const stored = await backfillPages({
      fetchPage: async (page, limit) => {
        const { users: items, totalPages } = await this.deps.source.page(page, limit);
        return { items, totalPages };
      },
      apply: (item, asked) => this.deps.users.apply(this.deps.db, { ...item, at: asked }),
      signal,
    });
    if (stored === null) return false;
    await this.deps.users.markBackfilled(this.deps.db, stored);
    this.deps.logger.info('recipients read model backfilled from the users service', { users: stored });
    return true;
  }
}
