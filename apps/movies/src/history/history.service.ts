import { pageBounds, sliceToPage, type Page, type PaginationQuery } from '@marquee/contracts';
import type { DomainPlatform } from '@marquee/service';
import type { HistoryStore, Viewed } from './history.store';

/** ACTIVITY_RETENTION_DAYS: activity older than this serves no list (trending looks back 7 days). */
export const ACTIVITY_RETENTION_DAYS = 8;

export interface HistoryDeps extends DomainPlatform {
  history: HistoryStore;
}

export class HistoryService {
  constructor(private readonly deps: HistoryDeps) {}

  /** One entry per movie, with when I last viewed it and how often; the most recent first. */
  async list(userId: string, page: PaginationQuery): Promise<Page<Viewed>> {
    return sliceToPage(await this.deps.history.list(this.deps.db, userId, pageBounds(page)), page);
  }

  pruneActivity(): Promise<number> {
    return this.deps.history.pruneActivity(this.deps.db, ACTIVITY_RETENTION_DAYS);
  }
}
