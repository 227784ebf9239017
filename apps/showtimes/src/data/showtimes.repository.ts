import { ErrorCode, type Bounds, type Slice } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import { isExclusionViolation, pagedQuery } from '@marquee/postgres';
import type { Db } from '@marquee/service';
import type { NewShowtime, Showtime, ShowtimeFilter } from '../domain/showtime';
import type { ShowtimesStore } from '../domain/showtimes.store';

type Row = Omit<Showtime, 'price'> & { price: string };

const SELECT = `
  SELECT s.id, s.movie_id, m.title AS movie_title, s.theater_id, t.name AS theater_name, t.rows, t.seats_per_row,
         t.timezone, s.start_time, s.end_time, s.busy_until, s.price, s.currency, s.status, s.cancel_reason,
         s.created_at, s.updated_at
    FROM showtimes s JOIN theaters t ON t.id = s.theater_id JOIN movies m ON m.movie_id = s.movie_id`;

function toShowtime(row: Row): Showtime {
  // numeric(10,2) arrives as text; two decimals fit a double exactly enough for money in JSON.
  return { ...row, price: Number(row.price) };
}

export class ShowtimesRepository implements ShowtimesStore {
  async insert(db: Db, s: NewShowtime): Promise<void> {
    try {
      await db.query(
        `INSERT INTO showtimes (id, movie_id, theater_id, start_time, end_time, busy_until, price, currency)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [s.id, s.movie_id, s.theater_id, s.start_time, s.end_time, s.busy_until, s.price, s.currency],
      );
    } catch (error) {
      if (isExclusionViolation(error, 'showtimes_no_overlap')) {
        throw AppError.conflict(ErrorCode.SHOWTIME_OVERLAP, 'Another showtime in this theater overlaps this one (its runtime plus cleaning time)', {
          theater_id: s.theater_id,
        });
      }
      throw error;
    }
  }

  async find(db: Db, id: string): Promise<Showtime | null> {
    const { rows } = await db.query<Row>(`${SELECT} WHERE s.id = $1`, [id]);
    return rows[0] ? toShowtime(rows[0]) : null;
  }

  async page(db: Db, filter: ShowtimeFilter, bounds: Bounds): Promise<Slice<Showtime>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.movieId) add((n) => `s.movie_id = ${n}`, filter.movieId);
    if (filter.theaterId) add((n) => `s.theater_id = ${n}`, filter.theaterId);
    // The day as the theater's clock shows it, not UTC's.
    if (filter.date) add((n) => `(s.start_time AT TIME ZONE t.timezone)::date = ${n}::date`, filter.date);
    if (filter.from) add((n) => `s.start_time >= ${n}`, filter.from);
    if (filter.to) add((n) => `s.start_time < ${n}`, filter.to);
    if (filter.status) add((n) => `s.status = ${n}`, filter.status);
    const slice = await pagedQuery<Row>(
      db,
      { sql: `${SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`, params, orderBy: 'start_time, id' },
      bounds,
    );
    return { items: slice.items.map(toShowtime), total: slice.total };
  }

  async setPrice(db: Db, id: string, price: number, currency: string | undefined): Promise<boolean> {
    const { rowCount } = await db.query(
      `UPDATE showtimes SET price = $2, currency = COALESCE($3, currency), updated_at = now() WHERE id = $1 AND status = 'scheduled'`,
      [id, price, currency ?? null],
    );
    return rowCount === 1;
  }

  async cancel(db: Db, id: string, reason: string | null): Promise<boolean> {
    const { rowCount } = await db.query(
      `UPDATE showtimes SET status = 'cancelled', cancel_reason = $2, updated_at = now() WHERE id = $1 AND status = 'scheduled'`,
      [id, reason],
    );
    return rowCount === 1;
  }
}
