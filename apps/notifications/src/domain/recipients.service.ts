import { backfillMirror, learnFromOwner, type DomainPlatform } from '@marquee/service';
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
    const fetched = await learnFromOwner(this.mirror, userId);
    if (!fetched) return null;
    return (await this.deps.users.find(this.deps.db, userId)) ?? fetched;
  }

  /** Fills the read model from the users service unless that has gone through once (see `backfillMirror`). */
  backfillIfNeeded(signal?: AbortSignal): Promise<boolean> {
    return backfillMirror(this.mirror, signal);
  }

  private get mirror() {
    return { db: this.deps.db, logger: this.deps.logger, store: this.deps.users, source: this.deps.source, name: 'recipients read model' };
  }
}
