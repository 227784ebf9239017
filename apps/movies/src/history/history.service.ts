import { pageBounds, sliceToPage, type Page, type PaginationQuery } from '@marquee/contracts';
import type { DomainPlatform } from '@marquee/service';
import type { HistoryStore, Viewed } from './history.store';

/** ACTIVITY_RETENTION_DAYS: activity older than this serves no list (trending looks back 7 days). */
export const ACTIVITY_RETENTION_DAYS = 8;

export interface HistoryDeps extends DomainPlatform {
  history: HistoryStore;
}

/** The writes the catalogue makes when a signed-in viewer opens a movie. */
export type ViewRecording = Pick<HistoryStore, 'recordView' | 'recordActivity'>;

export class HistoryService {
  /**
   * What the catalogue records a visit with: the history store, each view also announced as
   * `movie.viewed` in the visit's transaction, so analytics counts the views the history keeps
   * (a visit that fails records and announces nothing).
   */
  readonly recording: ViewRecording;

  constructor(private readonly deps: HistoryDeps) {
    const { history, publish } = deps;
    this.recording = {
      recordView: async (db, userId, movieId) => {
        const view = await history.recordView(db, userId, movieId);
        await publish(db, 'movie.viewed', { user_id: userId, movie_id: movieId, viewed_at: view.viewed_at });
        return view;
      },
      recordActivity: (db, movieId, kind, userId, at) => history.recordActivity(db, movieId, kind, userId, at),
    };
  }

  /** One entry per movie, with when I last viewed it and how often; the most recent first. */
  async list(userId: string, page: PaginationQuery): Promise<Page<Viewed>> {
    return sliceToPage(await this.deps.history.list(this.deps.db, userId, pageBounds(page)), page);
  }

  pruneActivity(): Promise<number> {
    return this.deps.history.pruneActivity(this.deps.db, ACTIVITY_RETENTION_DAYS);
  }
}
