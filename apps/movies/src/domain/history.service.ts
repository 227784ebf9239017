import { pageBounds, toPage, type Page, type PaginationQuery } from '@marquee/contracts';
import type { Viewed } from '../data/history.repository';
import type { MoviesDeps } from './ports';

/** ACTIVITY_RETENTION_DAYS: activity older than this serves no list (trending looks back 7 days). */
export const ACTIVITY_RETENTION_DAYS = 8;

export class HistoryService {
  constructor(private readonly deps: MoviesDeps) {}

  /** One entry per movie, with when I last viewed it and how often; the most recent first. */
  async list(userId: string, page: PaginationQuery): Promise<Page<Viewed>> {
    const { items, total } = await this.deps.history.list(this.deps.db, userId, pageBounds(page));
    return toPage(items, total, page);
  }

  pruneActivity(): Promise<number> {
    return this.deps.history.pruneActivity(this.deps.db, ACTIVITY_RETENTION_DAYS);
  }
}
