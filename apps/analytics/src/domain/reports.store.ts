import type { Bounds, Slice } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import type { Period } from './calendar';

/**
 * Sales figures of some set of tickets. Counts cover every currency; `gross` and `refunded` are
 * the money of the asked currency only, in its unit.
 */
export interface SalesFigures {
  tickets: number;
  seats: number;
  tickets_refunded: number;
  gross: number;
  refunded: number;
}

export interface DaySales extends SalesFigures {
  day: string;
}

export interface MovieSales extends SalesFigures {
  movie_id: string;
  title: string | null;
}

/** Seats sold and capacity of scheduled showtimes whose capacity is known. */
export interface OccupancyFigures {
  showtimes: number;
  seats_sold: number;
  capacity: number;
}

export interface ShowtimeOccupancy {
  showtime_id: string;
  movie_id: string;
  movie_title: string | null;
  theater_id: string;
  theater_name: string;
  start_time: Date;
  capacity: number;
  seats_sold: number;
}

export interface TheaterOccupancy extends OccupancyFigures {
  theater_id: string;
  theater_name: string;
}

export interface MovieProfile {
  movie_id: string;
  title: string | null;
  deleted: boolean;
  reviews: number;
  rating_sum: number;
  views: number;
  favourites: number;
}

export interface UserProfile {
  user_id: string;
  name: string | null;
  registered_at: Date | null;
  purchases: number;
  seats: number;
  tickets_refunded: number;
  reviews: number;
  favourites: number;
  rewards_redeemed: number;
  points_balance: number | null;
  lifetime_points: number | null;
  tier: string | null;
}

export interface OccupancyFilter {
  theaterId?: string;
  movieId?: string;
}

/**
 * What the reports read; `data/reports.repository.ts` implements it. Every query reads the
 * aggregate tables through their keys or indexes, never the log of events.
 */
export interface ReportsStore {
  /** Sales of tickets sold on the period's days (of one movie when given). */
  sales(db: Db, period: Period, currency: string, movieId?: string): Promise<SalesFigures>;
  /** The period's sales per day that has any, in day order. */
  salesByDay(db: Db, period: Period, currency: string, movieId?: string): Promise<DaySales[]>;
  /** The `limit` movies with most revenue in `currency` over the period (then seats sold, then id). */
  topMovies(db: Db, period: Period, currency: string, limit: number): Promise<MovieSales[]>;
  newUsers(db: Db, period: Period): Promise<number>;
  /** Occupancy of the scheduled showtimes starting on the period's days. */
  occupancy(db: Db, period: Period, filter: OccupancyFilter): Promise<OccupancyFigures>;
  showtimeOccupancy(db: Db, period: Period, filter: OccupancyFilter, bounds: Bounds): Promise<Slice<ShowtimeOccupancy>>;
  theaterOccupancy(db: Db, period: Period, filter: OccupancyFilter, bounds: Bounds): Promise<Slice<TheaterOccupancy>>;

  movie(db: Db, movieId: string): Promise<MovieProfile | null>;
  /** All-time sales of one movie. */
  movieSales(db: Db, movieId: string, currency: string): Promise<SalesFigures>;
  /** All-time occupancy of one movie's scheduled showtimes. */
  movieOccupancy(db: Db, movieId: string): Promise<OccupancyFigures>;

  user(db: Db, userId: string): Promise<UserProfile | null>;
  userSpend(db: Db, userId: string, currency: string): Promise<{ gross: number; refunded: number }>;
}
