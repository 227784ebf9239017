import { pageBounds, sliceToPage, type Page, type PaginationQuery } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import type { Db } from '@marquee/service';
import { bucketsOf, localDay, resolvePeriod, type Granularity, type Period } from './calendar';
import { toCents } from './facts';
import type { OccupancyFigures, OccupancyFilter, ReportsStore, SalesFigures, ShowtimeOccupancy, TheaterOccupancy } from './reports.store';

export interface ReportsDeps {
  db: Db;
  reports: ReportsStore;
  /** ANALYTICS_TIMEZONE */
  timeZone: string;
  /** ANALYTICS_CURRENCY: money is reported in it unless a request names another. */
  currency: string;
  now?: () => Date;
}

/** Money figures of a set of sales, in `currency`: revenue = gross − refunded. */
export interface Revenue {
  currency: string;
  revenue: number;
  gross_revenue: number;
  refunded: number;
}

export interface SalesSummary extends Revenue {
  tickets: number;
  seats: number;
  tickets_refunded: number;
}

export interface Occupancy extends OccupancyFigures {
  /** seats_sold ÷ capacity, 4 decimals; null without capacity. */
  rate: number | null;
}

export interface PeriodInput {
  from?: string;
  to?: string;
}

export interface Dashboard extends SalesSummary {
  from: string;
  to: string;
  timezone: string;
  occupancy: Occupancy;
  new_users: number;
  top_movies: Array<SalesSummary & { movie_id: string; title: string | null }>;
}

export interface SalesSeries {
  from: string;
  to: string;
  granularity: Granularity;
  timezone: string;
  currency: string;
  movie_id: string | null;
  items: Array<SalesSummary & { period_start: string; period_end: string }>;
  totals: SalesSummary;
}

export interface MovieMetrics extends SalesSummary {
  movie_id: string;
  title: string | null;
  deleted: boolean;
  occupancy: Occupancy;
  rating: number;
  reviews: number;
  views: number;
  favourites: number;
}

export interface UserBehavior {
  user_id: string;
  name: string | null;
  registered_at: Date | null;
  purchases: number;
  seats: number;
  tickets_refunded: number;
  currency: string;
  spend: number;
  gross_spend: number;
  refunded: number;
  reviews: number;
  favourites: number;
  points: number;
  lifetime_points: number;
  tier: string | null;
  rewards_redeemed: number;
}

export type OccupancyReport<T> = Page<T & { rate: number | null }> & {
  by: 'showtime' | 'theater';
  from: string;
  to: string;
  timezone: string;
  totals: Occupancy;
};

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function rate(seatsSold: number, capacity: number): number | null {
  return capacity > 0 ? round(seatsSold / capacity, 4) : null;
}

function revenue(currency: string, gross: number, refunded: number): Revenue {
  return { currency, revenue: (toCents(gross) - toCents(refunded)) / 100, gross_revenue: gross, refunded };
}

function summary(currency: string, figures: SalesFigures): SalesSummary {
  return { tickets: figures.tickets, seats: figures.seats, tickets_refunded: figures.tickets_refunded, ...revenue(currency, figures.gross, figures.refunded) };
}

function occupancy(figures: OccupancyFigures): Occupancy {
  return { ...figures, rate: rate(figures.seats_sold, figures.capacity) };
}

/** The sum of several sales figures (money added in cents). */
function sumOf(figures: readonly SalesFigures[]): SalesFigures {
  let gross = 0;
  let refunded = 0;
  const sum = { tickets: 0, seats: 0, tickets_refunded: 0 };
  for (const f of figures) {
    sum.tickets += f.tickets;
    sum.seats += f.seats;
    sum.tickets_refunded += f.tickets_refunded;
    gross += toCents(f.gross);
    refunded += toCents(f.refunded);
  }
  return { ...sum, gross: gross / 100, refunded: refunded / 100 };
}

/**
 * The answers of the analytics API, read from the aggregate tables. Periods are whole days in
 * ANALYTICS_TIMEZONE, both ends included.
 */
export class ReportsService {
  constructor(private readonly deps: ReportsDeps) {}

  /** Today in the reporting time zone. */
  today(): string {
    return localDay(this.deps.now?.() ?? new Date(), this.deps.timeZone);
  }

  private period(input: PeriodInput): Period {
    const result = resolvePeriod(input, this.today());
    if (!result.ok) throw AppError.validation([{ field: `query.${result.field}`, message: result.message }]);
    return result.period;
  }

  async dashboard(input: PeriodInput & { currency?: string; top: number }): Promise<Dashboard> {
    const { db, reports, timeZone } = this.deps;
    const period = this.period(input);
    const currency = input.currency ?? this.deps.currency;
    const [sales, top, newUsers, occupied] = await Promise.all([
      reports.sales(db, period, currency),
      reports.topMovies(db, period, currency, input.top),
      reports.newUsers(db, period),
      reports.occupancy(db, period, {}),
    ]);
    return {
      from: period.from,
      to: period.to,
      timezone: timeZone,
      ...summary(currency, sales),
      occupancy: occupancy(occupied),
      new_users: newUsers,
      top_movies: top.map((movie) => ({ movie_id: movie.movie_id, title: movie.title, ...summary(currency, movie) })),
    };
  }

  async sales(input: PeriodInput & { granularity: Granularity; currency?: string; movieId?: string }): Promise<SalesSeries> {
    const { db, reports, timeZone } = this.deps;
    const period = this.period(input);
    const currency = input.currency ?? this.deps.currency;
    const days = await reports.salesByDay(db, period, currency, input.movieId);
    const items = bucketsOf(period, input.granularity).map((bucket) => {
      const inBucket = days.filter((d) => d.day >= bucket.from && d.day <= bucket.to);
      return { period_start: bucket.from, period_end: bucket.to, ...summary(currency, sumOf(inBucket)) };
    });
    const totals = sumOf(days);
    return {
      from: period.from,
      to: period.to,
      granularity: input.granularity,
      timezone: timeZone,
      currency,
      movie_id: input.movieId ?? null,
      items,
      totals: summary(currency, totals),
    };
  }

  async movieMetrics(movieId: string, options: { currency?: string } = {}): Promise<MovieMetrics> {
    const { db, reports } = this.deps;
    const currency = options.currency ?? this.deps.currency;
    const movie = await reports.movie(db, movieId);
    if (!movie) throw AppError.notFound('Movie');
    const [sales, occupied] = await Promise.all([reports.movieSales(db, movieId, currency), reports.movieOccupancy(db, movieId)]);
    return {
      movie_id: movie.movie_id,
      title: movie.title,
      deleted: movie.deleted,
      ...summary(currency, sales),
      occupancy: occupancy(occupied),
      rating: movie.reviews > 0 ? round(movie.rating_sum / movie.reviews, 2) : 0,
      reviews: movie.reviews,
      views: movie.views,
      favourites: movie.favourites,
    };
  }

  async userBehavior(userId: string, options: { currency?: string } = {}): Promise<UserBehavior> {
    const { db, reports } = this.deps;
    const currency = options.currency ?? this.deps.currency;
    const user = await reports.user(db, userId);
    if (!user) throw AppError.notFound('User');
    const spend = await reports.userSpend(db, userId, currency);
    const money = revenue(currency, spend.gross, spend.refunded);
    return {
      user_id: user.user_id,
      name: user.name,
      registered_at: user.registered_at,
      purchases: user.purchases,
      seats: user.seats,
      tickets_refunded: user.tickets_refunded,
      currency,
      spend: money.revenue,
      gross_spend: money.gross_revenue,
      refunded: money.refunded,
      reviews: user.reviews,
      favourites: user.favourites,
      points: user.points_balance ?? 0,
      lifetime_points: user.lifetime_points ?? 0,
      tier: user.tier,
      rewards_redeemed: user.rewards_redeemed,
    };
  }

  async occupancyByShowtime(input: PeriodInput & OccupancyFilter, page: PaginationQuery): Promise<OccupancyReport<ShowtimeOccupancy>> {
    const { db, reports } = this.deps;
    const period = this.period(input);
    const filter = { theaterId: input.theaterId, movieId: input.movieId };
    const [slice, totals] = await Promise.all([reports.showtimeOccupancy(db, period, filter, pageBounds(page)), reports.occupancy(db, period, filter)]);
    const items = slice.items.map((s) => ({ ...s, rate: rate(s.seats_sold, s.capacity) }));
    return { ...sliceToPage({ items, total: slice.total }, page), by: 'showtime', from: period.from, to: period.to, timezone: this.deps.timeZone, totals: occupancy(totals) };
  }

  async occupancyByTheater(input: PeriodInput & OccupancyFilter, page: PaginationQuery): Promise<OccupancyReport<TheaterOccupancy>> {
    const { db, reports } = this.deps;
    const period = this.period(input);
    const filter = { theaterId: input.theaterId, movieId: input.movieId };
    const [slice, totals] = await Promise.all([reports.theaterOccupancy(db, period, filter, pageBounds(page)), reports.occupancy(db, period, filter)]);
    const items = slice.items.map((t) => ({ ...t, rate: rate(t.seats_sold, t.capacity) }));
    return { ...sliceToPage({ items, total: slice.total }, page), by: 'theater', from: period.from, to: period.to, timezone: this.deps.timeZone, totals: occupancy(totals) };
  }
}
