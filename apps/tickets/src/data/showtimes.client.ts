import { DEFAULT_CURRENCY, ErrorCode } from '@marquee/contracts';
import { AppError, type Logger } from '@marquee/core';
import { CallTimeoutError, CircuitOpenError, type CircuitBreaker } from '@marquee/resilience';
import { z } from 'zod';
import type { ShowtimeSource } from '../domain/showtimes.store';
import type { ShowtimeFact } from '../domain/ticket';

/** The showtimes service answered with an error status. */
export class ShowtimesHttpError extends Error {
  constructor(readonly status: number) {
    super(`showtimes answered ${status}`);
    this.name = 'ShowtimesHttpError';
  }
}

/** A 4xx is showtimes refusing a request, not showtimes failing: it does not open the breaker. */
export function isShowtimesFailure(error: unknown): boolean {
  return !(error instanceof ShowtimesHttpError) || error.status >= 500;
}

// Lenient about what is not needed here: the movie title and theater name may be flat or nested,
// and the layout may live only on the theater (then GET /api/theaters/{id} gives it).
const showtimeAnswer = z.object({
  id: z.uuid(),
  movie_id: z.uuid(),
  theater_id: z.uuid(),
  start_time: z.iso.datetime({ offset: true }),
  price: z.coerce.number().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  status: z.string(),
  movie_title: z.string().min(1).optional(),
  movie: z.object({ title: z.string().min(1) }).partial().optional(),
  theater_name: z.string().min(1).optional(),
  theater: z.object({ name: z.string().min(1) }).partial().optional(),
  rows: z.array(z.string().min(1)).min(1).optional(),
  seats_per_row: z.number().int().positive().optional(),
  updated_at: z.iso.datetime({ offset: true }).optional(),
});

const theaterAnswer = z.object({
  id: z.uuid(),
  name: z.string().min(1),
  rows: z.array(z.string().min(1)).min(1),
  seats_per_row: z.number().int().positive(),
});

export interface ShowtimesClientOptions {
  baseUrl: string;
  breaker: CircuitBreaker;
  logger: Logger;
}

/**
 * The showtimes service over HTTP, asked only when the read model has not heard of a showtime
 * (a reservation right after it was created, before its event was consumed). Every call goes
 * through the breaker with its timeout; failures reach the caller as 503 with Retry-After.
 */
export class ShowtimesClient implements ShowtimeSource {
  constructor(private readonly options: ShowtimesClientOptions) {}

  async fetch(showtimeId: string): Promise<ShowtimeFact | null> {
    try {
      const raw = await this.get(`/api/showtimes/${encodeURIComponent(showtimeId)}`);
      if (raw === null) return null;
      const showtime = showtimeAnswer.parse(raw);
      let layout = showtime.rows && showtime.seats_per_row ? { rows: showtime.rows, seats_per_row: showtime.seats_per_row } : undefined;
      let theaterName = showtime.theater_name ?? showtime.theater?.name;
      if (!layout || !theaterName) {
        const theaterRaw = await this.get(`/api/theaters/${encodeURIComponent(showtime.theater_id)}`);
        if (theaterRaw === null) return null;
        const theater = theaterAnswer.parse(theaterRaw);
        layout ??= { rows: theater.rows, seats_per_row: theater.seats_per_row };
        theaterName ??= theater.name;
      }
      return {
        showtime_id: showtime.id,
        movie_id: showtime.movie_id,
        movie_title: showtime.movie_title ?? showtime.movie?.title ?? 'Unknown movie',
        theater_id: showtime.theater_id,
        theater_name: theaterName,
        start_time: new Date(showtime.start_time),
        price: showtime.price,
        currency: showtime.currency ?? DEFAULT_CURRENCY,
        ...layout,
        status: showtime.status === 'cancelled' ? 'cancelled' : 'scheduled',
        // What it states is as of its last change; without one, any event about it is newer.
        at: showtime.updated_at ? new Date(showtime.updated_at) : new Date(0),
      };
    } catch (error) {
      throw this.toAppError(error);
    }
  }

  /** The JSON body, or null on 404. */
  private get(path: string): Promise<unknown> {
    const url = this.options.baseUrl.replace(/\/+$/, '') + path;
    return this.options.breaker
      .run(async (signal) => {
        const res = await fetch(url, { headers: { accept: 'application/json' }, signal });
        if (res.status === 404) return null;
        if (!res.ok) throw new ShowtimesHttpError(res.status);
        return res.json();
      });
  }

  private toAppError(error: unknown): AppError {
    if (error instanceof AppError) return error;
    const unavailable = (message: string, retryAfterSec: number) =>
      new AppError(ErrorCode.UPSTREAM_UNAVAILABLE, message, { headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSec))) }, cause: error });
    if (error instanceof CircuitOpenError) return unavailable('The showtimes service is unavailable at the moment; try again later', error.retryAfterSec);
    if (error instanceof CallTimeoutError) return unavailable(`The showtimes service did not answer within ${error.timeoutMs} ms`, 5);
    if (error instanceof ShowtimesHttpError && error.status < 500) {
      return new AppError(ErrorCode.BAD_GATEWAY, `The showtimes service refused the request (HTTP ${error.status})`, { status: 502, cause: error });
    }
    if (error instanceof z.ZodError) {
      this.options.logger.warn('showtimes answered in an unexpected shape', { issues: error.issues.slice(0, 5) });
      return new AppError(ErrorCode.BAD_GATEWAY, 'The showtimes service answered in an unexpected shape', { status: 502, cause: error });
    }
    this.options.logger.warn('showtimes unreachable', { error: error instanceof Error ? error.message : String(error) });
    return unavailable('The showtimes service cannot be reached', 5);
  }
}
