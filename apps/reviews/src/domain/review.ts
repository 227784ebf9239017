import type { ReviewCreatedData } from '@marquee/contracts';
/** A star rating from 1 to 5. */
export type Rating = 1 | 2 | 3 | 4 | 5;

export const RATINGS: readonly Rating[] = [1, 2, 3, 4, 5];

export interface Review {
  id: string;
  movie_id: string;
  user_id: string;
  rating: Rating;
  comment: string;
  created_at: Date;
  updated_at: Date;
}

export interface NewReview {
  movieId: string;
  rating: Rating;
  comment: string;
}

export interface ReviewChanges {
  rating?: Rating;
  comment?: string;
}

export interface ReviewFilter {
  movieId?: string;
  userId?: string;
  minRating?: Rating;
}

/** Who is acting: the token's subject, and whether an admin (who may change anyone's review). */
export interface Actor {
  id: string;
  isAdmin: boolean;
}

/** A movie as this service knows it from movie events. */
export interface KnownMovie {
  movie_id: string;
  title: string;
  deleted: boolean;
  updated_at: Date;
}

/** The running totals of a movie's reviews. */
export interface RatingTotals {
  count: number;
  sum: number;
  /** How many reviews gave each rating. */
  distribution: Record<Rating, number>;
}

/** A change to the totals; every field may be negative. */
export type RatingDelta = RatingTotals;

export interface ReviewStats {
  movie_id: string;
  count: number;
  /** Mean rating rounded to 2 decimals; 0 when there are no reviews. */
  average: number;
  distribution: Record<Rating, number>;
}

export function emptyTotals(): RatingTotals {
  return { count: 0, sum: 0, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } };
}

/**
 * What replacing rating `from` by rating `to` does to the totals: `from` undefined is a new
 * review, `to` undefined a deleted one.
 */
export function ratingDelta(from: Rating | undefined, to: Rating | undefined): RatingDelta {
  const delta = emptyTotals();
  if (from !== undefined) {
    delta.count -= 1;
    delta.sum -= from;
    delta.distribution[from] -= 1;
  }
  if (to !== undefined) {
    delta.count += 1;
    delta.sum += to;
    delta.distribution[to] += 1;
  }
  return delta;
}

export function isNoChange(delta: RatingDelta): boolean {
  return delta.count === 0 && delta.sum === 0 && RATINGS.every((r) => delta.distribution[r] === 0);
}

/** Mean of the ratings rounded to 2 decimals, 0 without reviews. */
export function averageRating(totals: Pick<RatingTotals, 'count' | 'sum'>): number {
  if (totals.count === 0) return 0;
  return Math.round((totals.sum / totals.count) * 100) / 100;
}

export function toStats(movieId: string, totals: RatingTotals): ReviewStats {
  return { movie_id: movieId, count: totals.count, average: averageRating(totals), distribution: { ...totals.distribution } };
}

/** The data every review event carries (`review.created|updated|deleted`): the one builder. */
export function reviewFacts(review: Pick<Review, 'id' | 'movie_id' | 'user_id' | 'rating'>): ReviewCreatedData {
  return { review_id: review.id, movie_id: review.movie_id, user_id: review.user_id, rating: review.rating };
}
