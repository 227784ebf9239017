import { upsertNewerFact, type Db } from '@marquee/service';
import type { ShowtimesStore } from '../domain/showtimes.store';
import type { Showtime, ShowtimeFact } from '../domain/ticket';

interface ShowtimeRow {
  showtime_id: string;
  movie_id: string;
  movie_title: string;
  theater_id: string;
  theater_name: string;
  theater_timezone: string | null;
  start_time: Date;
  price: string;
  currency: string;
  seat_rows: string[];
  seats_per_row: number;
  status: 'scheduled' | 'cancelled';
}

const COLUMNS =
  'showtime_id, movie_id, movie_title, theater_id, theater_name, theater_timezone, start_time, price, currency, seat_rows, seats_per_row, status';

function toShowtime(row: ShowtimeRow): Showtime {
  const { seat_rows, price, ...rest } = row;
  return { ...rest, price: Number(price), rows: seat_rows };
}

export class ShowtimesRepository implements ShowtimesStore {
  apply(db: Db, fact: ShowtimeFact): Promise<boolean> {
    return upsertNewerFact(
      db,
      'showtimes',
      { showtime_id: fact.showtime_id },
      {
        movie_id: fact.movie_id,
        movie_title: fact.movie_title,
        theater_id: fact.theater_id,
        theater_name: fact.theater_name,
        // Left out when the fact does not name it (an event from before it existed): a new row
        // gets NULL, a stored zone stays.
        ...(fact.theater_timezone ? { theater_timezone: fact.theater_timezone } : {}),
        start_time: fact.start_time,
        price: fact.price,
        currency: fact.currency,
        seat_rows: fact.rows,
        seats_per_row: fact.seats_per_row,
        status: fact.status,
      },
      fact.at,
    );
  }

  async find(db: Db, showtimeId: string): Promise<Showtime | null> {
    const { rows } = await db.query<ShowtimeRow>(`SELECT ${COLUMNS} FROM showtimes WHERE showtime_id = $1`, [showtimeId]);
    return rows[0] ? toShowtime(rows[0]) : null;
  }

  async findForBooking(db: Db, showtimeId: string): Promise<Showtime | null> {
    const { rows } = await db.query<ShowtimeRow>(`SELECT ${COLUMNS} FROM showtimes WHERE showtime_id = $1 FOR SHARE`, [showtimeId]);
    return rows[0] ? toShowtime(rows[0]) : null;
  }
}
