import type { Db } from '@marquee/service';
import type { FactStamp, FavouriteState, RefundState, ReviewState, TicketState, UserState } from './facts';

/** Changes to the sales aggregates, row by row (money in cents). */
export interface SalesDelta {
  daily: Array<{ day: string; movie_id: string; currency: string; tickets: number; seats: number; tickets_refunded: number; gross_cents: number; refunded_cents: number }>;
  showtimes: Array<{ showtime_id: string; movie_id: string; tickets: number; seats: number }>;
  users: Array<{ user_id: string; tickets: number; seats: number; tickets_refunded: number }>;
  spend: Array<{ user_id: string; currency: string; gross_cents: number; refunded_cents: number }>;
}

export interface ReviewsDelta {
  movies: Array<{ movie_id: string; reviews: number; rating_sum: number }>;
  users: Array<{ user_id: string; reviews: number }>;
}

/** Changes to the engagement aggregates: views and current favourites per movie, favourites per user. */
export interface EngagementDelta {
  movies: Array<{ movie_id: string; views: number; favourites: number }>;
  users: Array<{ user_id: string; favourites: number }>;
}

export interface ShowtimeFact {
  showtime_id: string;
  movie_id: string;
  movie_title: string;
  theater_id: string;
  theater_name: string;
  start_time: Date;
  start_day: string;
  capacity: number;
  status: 'scheduled' | 'cancelled';
  stamp: FactStamp;
}

export interface MovieFact {
  movie_id: string;
  title: string;
  deleted: boolean;
  /** 1: a movie.* event; 0: a title copied from a ticket event, until a movie.* event says more. */
  rank: 0 | 1;
  stamp: FactStamp;
}

/**
 * The facts and aggregates built from the log; `data/projection.repository.ts` implements it.
 * Every `lock…` creates the row when missing and locks it until the transaction ends, so the
 * events about one thing are applied one after the other. Locks are taken in one order: ticket,
 * review, favourite or user fact first, then movies, movie_reviews, movie_engagement,
 * daily_sales, showtime_stats, user_stats, user_spend, daily_users.
 */
export interface ProjectionStore {
  /** Empties every fact and aggregate table (the log stays). */
  reset(db: Db): Promise<void>;

  lockTicket(db: Db, ticketId: string): Promise<TicketState>;
  saveTicket(db: Db, ticket: TicketState): Promise<void>;
  refundOf(db: Db, paymentId: string): Promise<RefundState | null>;
  saveRefund(db: Db, paymentId: string, ticketId: string, refund: RefundState): Promise<void>;
  applySales(db: Db, delta: SalesDelta): Promise<void>;

  /** Writes the movie's title unless the stored one comes from a higher rank or a newer fact. */
  saveMovie(db: Db, movie: MovieFact): Promise<void>;
  /** Makes the movie known (no title yet) when it is not. */
  touchMovie(db: Db, movieId: string): Promise<void>;
  /** Writes the showtime's facts unless newer ones are stored; the seats sold stay as they are. */
  saveShowtime(db: Db, showtime: ShowtimeFact): Promise<void>;

  lockReview(db: Db, reviewId: string): Promise<ReviewState>;
  saveReview(db: Db, review: ReviewState): Promise<void>;
  applyReviews(db: Db, delta: ReviewsDelta): Promise<void>;

  lockFavourite(db: Db, userId: string, movieId: string): Promise<FavouriteState>;
  saveFavourite(db: Db, favourite: FavouriteState): Promise<void>;
  /** Adds to the movies' views and favourites, then to the users' favourites. */
  applyEngagement(db: Db, delta: EngagementDelta): Promise<void>;

  lockUser(db: Db, userId: string): Promise<UserState>;
  saveUser(db: Db, user: UserState): Promise<void>;
  applyNewUsers(db: Db, delta: Array<{ day: string; new_users: number }>): Promise<void>;
  /** Makes the users known (no counters moved) when they are not. */
  touchUsers(db: Db, userIds: readonly string[]): Promise<void>;
  /** The balance stated by a newer loyalty.points_changed than the stored one. */
  savePoints(db: Db, userId: string, points: { balance: number; lifetime: number; stamp: FactStamp }): Promise<void>;
  /** The tier stated by a newer loyalty event than the stored one. */
  saveTier(db: Db, userId: string, tier: string, stamp: FactStamp): Promise<void>;
  /** Counts the redemption for its user, once per redemption id. */
  recordRedemption(db: Db, redemptionId: string, userId: string): Promise<void>;
}

/**
 * A projection held in memory, for the replay: the same store semantics without a round trip
 * per event, then written to the (emptied) derived tables in bulk.
 */
export interface ReplayProjection extends ProjectionStore {
  writeTo(db: Db): Promise<void>;
}
