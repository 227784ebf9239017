import type { Db } from '@marquee/service';

export interface RatingFact {
  review_id: string;
  user_id: string;
  movie_id: string;
  rating: number;
  deleted: boolean;
  /** The event's time: an older fact never overwrites a newer one. */
  at: Date;
}

/** Each review's rating (the read model of the reviews service's events), and the entries' rating aggregates computed from them. */
export interface RatingStore {
  /** Records what a review event says about one review, unless a newer event already did; resolves whether anything changed. */
  apply(db: Db, fact: RatingFact): Promise<boolean>;
  /** Recomputes an entry's rating sum and count from its live reviews. */
  refreshAggregate(db: Db, movieId: string): Promise<void>;
}
