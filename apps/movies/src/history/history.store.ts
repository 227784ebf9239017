import type { Bounds, Slice } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import type { Movie } from '../movie/movie';

/** What counts towards trending. */
export type ActivityKind = 'view' | 'favourite' | 'review';

export interface Viewed {
  movie: Movie;
  viewed_at: string;
  view_count: number;
}

/** Views (one per user and movie) and the activity log trending is computed from. */
export interface HistoryStore {
  /** Counts one more view of the movie by the user; resolves when it was recorded. */
  recordView(db: Db, userId: string, movieId: string): Promise<{ viewed_at: string }>;
  /**
   * One row per user, movie and kind (the latest time), so a user repeating an action refreshes
   * their row instead of adding weight to trending; activity without a user is a row each time.
   */
  recordActivity(db: Db, movieId: string, kind: ActivityKind, userId: string | null, at?: Date): Promise<void>;
  /** What the user viewed and is still in the catalogue, most recently viewed first. */
  list(db: Db, userId: string, bounds: Bounds): Promise<Slice<Viewed>>;
  /** Deletes activity older than `days`; resolves how many rows went. */
  pruneActivity(db: Db, days: number): Promise<number>;
}
