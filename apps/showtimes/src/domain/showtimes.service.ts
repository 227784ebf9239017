import { randomUUID } from 'node:crypto';
import { DEFAULT_CURRENCY, ErrorCode, pageBounds, sliceToPage, type Page, type PaginationQuery, type ShowtimeUpdatedData } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import type { Db, DomainPlatform } from '@marquee/service';
import type { KnownMoviesStore } from './movie';
import type { MoviesService } from './movies.service';
import { seatMap, type SeatMap } from './seat-map';
import { showtimeSpan, type Showtime, type ShowtimeFilter } from './showtime';
import type { ShowtimesStore, TicketSeatsStore } from './showtimes.store';
import type { TheatersStore } from './theaters.store';

export interface ShowtimesDeps extends DomainPlatform {
  showtimes: ShowtimesStore;
  theaters: TheatersStore;
  knownMovies: KnownMoviesStore;
  movies: MoviesService;
  ticketSeats: TicketSeatsStore;
  cleaningMinutes: number;
  now?: () => Date;
}

export interface NewShowtimeInput {
  movieId: string;
  theaterId: string;
  start: Date;
  price: number;
  currency?: string;
}

/**
 * The snapshot every showtime event carries (see the contract in @marquee/contracts). The
 * contract leaves `theater_timezone` optional for events from before it existed; the type here
 * makes sure showtimes always sets it.
 */
export function showtimeSnapshot(s: Showtime): ShowtimeUpdatedData & { theater_timezone: string } {
  return {
    showtime_id: s.id,
    movie_id: s.movie_id,
    movie_title: s.movie_title,
    theater_id: s.theater_id,
    theater_name: s.theater_name,
    theater_timezone: s.timezone,
    start_time: s.start_time.toISOString(),
    end_time: s.end_time.toISOString(),
    price: s.price,
    currency: s.currency,
    rows: s.rows,
    seats_per_row: s.seats_per_row,
    capacity: s.rows.length * s.seats_per_row,
    status: s.status,
  };
}

/** The rules about showtimes: scheduling, the price, cancelling, and the seat map. */
export class ShowtimesService {
  constructor(private readonly deps: ShowtimesDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async create(input: NewShowtimeInput): Promise<Showtime> {
    if (input.start.getTime() <= this.now().getTime()) {
      throw AppError.validation([{ field: 'body.start_time', message: 'must be in the future' }]);
    }
    const { db } = this.deps;
    if (!(await this.deps.theaters.find(db, input.theaterId))) throw AppError.notFound('The theater');
    // Outside the transaction: on a miss this asks the movies service over HTTP, and no
    // connection should be held open while it answers.
    if (!(await this.deps.movies.find(db, input.movieId))) throw AppError.notFound('The movie');

    const id = randomUUID();
    return this.deps.transaction(async (tx) => {
      // Share-locked: a deletion of the film being applied meanwhile waits for this transaction.
      const movie = await this.deps.knownMovies.find(tx, input.movieId, true);
      if (!movie) throw AppError.notFound('The movie');
      if (movie.deleted) throw AppError.conflict(ErrorCode.CONFLICT, 'The movie is deleted and cannot get new showtimes', { movie_id: movie.movie_id });
      if (movie.is_series) throw AppError.conflict(ErrorCode.CONFLICT, 'A series cannot be scheduled; only films have showtimes', { movie_id: movie.movie_id });
      if (movie.runtime === null) {
        throw AppError.conflict(ErrorCode.CONFLICT, 'The movie has no runtime, so its showtime cannot be placed; give it one in the catalogue first', {
          movie_id: movie.movie_id,
        });
      }
      const { end, busyUntil } = showtimeSpan(input.start, movie.runtime, this.deps.cleaningMinutes);
      await this.deps.showtimes.insert(tx, {
        id,
        movie_id: movie.movie_id,
        theater_id: input.theaterId,
        start_time: input.start,
        end_time: end,
        busy_until: busyUntil,
        price: input.price,
        currency: input.currency ?? DEFAULT_CURRENCY,
      });
      const showtime = await this.mustFind(tx, id);
      await this.deps.publish(tx, 'showtime.created', { ...showtimeSnapshot(showtime), status: 'scheduled' });
      return showtime;
    });
  }

  async get(id: string): Promise<Showtime> {
    return this.mustFind(this.deps.db, id);
  }

  async list(filter: ShowtimeFilter, query: PaginationQuery): Promise<Page<Showtime>> {
    if (filter.from && filter.to && filter.from.getTime() >= filter.to.getTime()) {
      throw AppError.validation([{ field: 'query.to', message: 'must be after from' }]);
    }
    return sliceToPage(await this.deps.showtimes.page(this.deps.db, filter, pageBounds(query)), query);
  }

  /** A new price: reservations made from now on pay it; tickets already held or sold keep theirs. */
  changePrice(id: string, price: number, currency?: string): Promise<Showtime> {
    return this.deps.transaction(async (tx) => {
      if (!(await this.deps.showtimes.setPrice(tx, id, price, currency))) {
        await this.mustFind(tx, id);
        throw AppError.conflict(ErrorCode.SHOWTIME_NOT_BOOKABLE, 'The showtime is cancelled; its price cannot change', { showtime_id: id });
      }
      const showtime = await this.mustFind(tx, id);
      await this.deps.publish(tx, 'showtime.updated', showtimeSnapshot(showtime));
      return showtime;
    });
  }

  /**
   * Cancels the showtime and announces it; tickets releases its holds and refunds what was sold.
   * Cancelling a cancelled showtime answers it again and announces nothing.
   */
  cancel(id: string, reason: string | null): Promise<Showtime> {
    return this.deps.transaction(async (tx) => {
      const cancelled = await this.deps.showtimes.cancel(tx, id, reason);
      const showtime = await this.mustFind(tx, id);
      if (cancelled) {
        await this.deps.publish(tx, 'showtime.cancelled', { ...showtimeSnapshot(showtime), status: 'cancelled', reason });
      }
      return showtime;
    });
  }

  async seats(id: string): Promise<SeatMap & { showtime: Showtime }> {
    const showtime = await this.mustFind(this.deps.db, id);
    const claims = await this.deps.ticketSeats.claims(this.deps.db, id);
    return { showtime, ...seatMap(showtime.rows, showtime.seats_per_row, claims) };
  }

  private async mustFind(db: Db, id: string): Promise<Showtime> {
    const showtime = await this.deps.showtimes.find(db, id);
    if (!showtime) throw AppError.notFound('The showtime');
    return showtime;
  }
}
