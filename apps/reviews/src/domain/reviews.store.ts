import type { Bounds, Slice } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import type { RatingDelta, RatingTotals, Review, ReviewChanges, ReviewFilter, Rating } from './review';

/** A review as it is first written. */
export interface ReviewDraft {
  id: string;
  movie_id: string;
  user_id: string;
  rating: Rating;
  comment: string;
}

/** Reviews and the per-movie running totals beside them. */
export interface ReviewsStore {
  /** Throws ALREADY_REVIEWED (409) when the user has a review of the movie already. */
  insert(db: Db, review: ReviewDraft): Promise<Review>;
  /** `forUpdate` locks the row until the end of the caller's transaction. */
  findById(db: Db, id: string, forUpdate?: boolean): Promise<Review | null>;
  /** Null when the review is gone. */
  update(db: Db, id: string, changes: ReviewChanges): Promise<Review | null>;
  delete(db: Db, id: string): Promise<boolean>;
  /** Reviews matching `filter`, newest first, and how many match in all. */
  list(db: Db, filter: ReviewFilter, bounds: Bounds): Promise<Slice<Review>>;
  /** Adds `delta` to the movie's totals; concurrent changes to one movie's totals serialise. */
  addToStats(db: Db, movieId: string, delta: RatingDelta): Promise<void>;
  /** The movie's totals; all zero before its first review. */
  findStats(db: Db, movieId: string): Promise<RatingTotals>;
}
