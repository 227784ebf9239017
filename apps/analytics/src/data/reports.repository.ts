import type { Bounds, Slice } from '@marquee/contracts';
import { pagedQuery } from '@marquee/postgres';
import type { Db } from '@marquee/service';
import type { Period } from '../domain/calendar';
import type {
  DaySales,
  MovieProfile,
  MovieSales,
  OccupancyFigures,
  OccupancyFilter,
  ReportsStore,
  SalesFigures,
  ShowtimeOccupancy,
  TheaterOccupancy,
  UserProfile,
} from '../domain/reports.store';

/** Counts over every currency, money of the one in parameter `currency` (`$3`). */
const salesColumns = (currency: string) => `
  COALESCE(sum(tickets), 0)::int AS tickets,
  COALESCE(sum(seats), 0)::int AS seats,
  COALESCE(sum(tickets_refunded), 0)::int AS tickets_refunded,
  COALESCE(sum(gross) FILTER (WHERE currency = ${currency}), 0)::text AS gross,
  COALESCE(sum(refunded) FILTER (WHERE currency = ${currency}), 0)::text AS refunded`;

type Row<T> = { [K in keyof T]: T[K] extends number ? number | string : T[K] };

function salesOf<T extends SalesFigures>(row: Row<T> | undefined): SalesFigures {
  return {
    tickets: Number(row?.tickets ?? 0),
    seats: Number(row?.seats ?? 0),
    tickets_refunded: Number(row?.tickets_refunded ?? 0),
    gross: Number(row?.gross ?? 0),
    refunded: Number(row?.refunded ?? 0),
  };
}

const OCCUPANCY_COLUMNS = `
  count(*)::int AS showtimes,
  COALESCE(sum(seats_sold), 0)::int AS seats_sold,
  COALESCE(sum(capacity), 0)::int AS capacity`;

/** Scheduled showtimes with a known capacity starting on the period's days ($1, $2), filtered by theater ($3) and movie ($4). */
const OCCUPIED_SHOWTIMES = `
  FROM showtime_stats
  WHERE start_day BETWEEN $1 AND $2 AND status = 'scheduled'
    AND ($3::uuid IS NULL OR theater_id = $3) AND ($4::uuid IS NULL OR movie_id = $4)`;

export class ReportsRepository implements ReportsStore {
  async sales(db: Db, period: Period, currency: string, movieId?: string): Promise<SalesFigures> {
    const { rows } = movieId
      ? await db.query(`SELECT ${salesColumns('$3')} FROM daily_sales WHERE movie_id = $4 AND day BETWEEN $1 AND $2`, [period.from, period.to, currency, movieId])
      : await db.query(`SELECT ${salesColumns('$3')} FROM daily_sales WHERE day BETWEEN $1 AND $2`, [period.from, period.to, currency]);
    return salesOf(rows[0]);
  }

  async salesByDay(db: Db, period: Period, currency: string, movieId?: string): Promise<DaySales[]> {
    const { rows } = await db.query<Row<DaySales>>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, ${salesColumns('$3')}
       FROM daily_sales WHERE day BETWEEN $1 AND $2 AND ($4::uuid IS NULL OR movie_id = $4)
       GROUP BY day ORDER BY day`,
      [period.from, period.to, currency, movieId ?? null],
    );
    return rows.map((row) => ({ day: row.day, ...salesOf(row) }));
  }

  async topMovies(db: Db, period: Period, currency: string, limit: number): Promise<MovieSales[]> {
    const { rows } = await db.query<Row<MovieSales>>(
      `SELECT t.*, m.title FROM (
         SELECT movie_id, ${salesColumns('$3')}, COALESCE(sum(gross - refunded) FILTER (WHERE currency = $3), 0) AS revenue
         FROM daily_sales WHERE day BETWEEN $1 AND $2
         GROUP BY movie_id
         ORDER BY revenue DESC, seats DESC, movie_id
         LIMIT $4
       ) t LEFT JOIN movies m USING (movie_id)
       ORDER BY t.revenue DESC, t.seats DESC, t.movie_id`,
      [period.from, period.to, currency, limit],
    );
    return rows.map((row) => ({ movie_id: row.movie_id, title: row.title ?? null, ...salesOf(row) }));
  }

  async newUsers(db: Db, period: Period): Promise<number> {
    const { rows } = await db.query<{ n: number }>('SELECT COALESCE(sum(new_users), 0)::int AS n FROM daily_users WHERE day BETWEEN $1 AND $2', [
      period.from,
      period.to,
    ]);
    return rows[0]?.n ?? 0;
  }

  async occupancy(db: Db, period: Period, filter: OccupancyFilter): Promise<OccupancyFigures> {
    const { rows } = await db.query<OccupancyFigures>(`SELECT ${OCCUPANCY_COLUMNS} ${OCCUPIED_SHOWTIMES}`, [
      period.from,
      period.to,
      filter.theaterId ?? null,
      filter.movieId ?? null,
    ]);
    return rows[0] ?? { showtimes: 0, seats_sold: 0, capacity: 0 };
  }

  showtimeOccupancy(db: Db, period: Period, filter: OccupancyFilter, bounds: Bounds): Promise<Slice<ShowtimeOccupancy>> {
    return pagedQuery<ShowtimeOccupancy>(
      db,
      {
        sql: `SELECT showtime_id, movie_id, movie_title, theater_id, theater_name, start_time, capacity, seats_sold ${OCCUPIED_SHOWTIMES}`,
        params: [period.from, period.to, filter.theaterId ?? null, filter.movieId ?? null],
        orderBy: 'start_time, showtime_id',
      },
      bounds,
    );
  }

  theaterOccupancy(db: Db, period: Period, filter: OccupancyFilter, bounds: Bounds): Promise<Slice<TheaterOccupancy>> {
    return pagedQuery<TheaterOccupancy>(
      db,
      {
        // A theater is named as its latest showtime of the period names it.
        sql: `SELECT theater_id, (array_agg(theater_name ORDER BY start_time DESC))[1] AS theater_name, ${OCCUPANCY_COLUMNS}
              ${OCCUPIED_SHOWTIMES}
              GROUP BY theater_id`,
        params: [period.from, period.to, filter.theaterId ?? null, filter.movieId ?? null],
        orderBy: 'theater_name, theater_id',
      },
      bounds,
    );
  }

  async movie(db: Db, movieId: string): Promise<MovieProfile | null> {
    const { rows } = await db.query<MovieProfile>(
      `SELECT m.movie_id, m.title, m.deleted, COALESCE(r.review_count, 0) AS reviews, COALESCE(r.rating_sum, 0) AS rating_sum,
         COALESCE(e.views, 0) AS views, COALESCE(e.favourites, 0) AS favourites
       FROM movies m LEFT JOIN movie_reviews r USING (movie_id) LEFT JOIN movie_engagement e USING (movie_id) WHERE m.movie_id = $1`,
      [movieId],
    );
    return rows[0] ?? null;
  }

  async movieSales(db: Db, movieId: string, currency: string): Promise<SalesFigures> {
    const { rows } = await db.query(`SELECT ${salesColumns('$2')} FROM daily_sales WHERE movie_id = $1`, [movieId, currency]);
    return salesOf(rows[0]);
  }

  async movieOccupancy(db: Db, movieId: string): Promise<OccupancyFigures> {
    const { rows } = await db.query<OccupancyFigures>(
      `SELECT ${OCCUPANCY_COLUMNS} FROM showtime_stats WHERE movie_id = $1 AND status = 'scheduled'`,
      [movieId],
    );
    return rows[0] ?? { showtimes: 0, seats_sold: 0, capacity: 0 };
  }

  async user(db: Db, userId: string): Promise<UserProfile | null> {
    const { rows } = await db.query<UserProfile>(
      `SELECT user_id, name, registered_at, purchases, seats, tickets_refunded, reviews, favourites, rewards_redeemed, points_balance, lifetime_points, tier
       FROM user_stats WHERE user_id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  async userSpend(db: Db, userId: string, currency: string): Promise<{ gross: number; refunded: number }> {
    const { rows } = await db.query<{ gross: string; refunded: string }>('SELECT gross::text, refunded::text FROM user_spend WHERE user_id = $1 AND currency = $2', [
      userId,
      currency,
    ]);
    return { gross: Number(rows[0]?.gross ?? 0), refunded: Number(rows[0]?.refunded ?? 0) };
  }
}
