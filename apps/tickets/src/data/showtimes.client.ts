import { DEFAULT_CURRENCY, timeZoneSchema } from '@marquee/contracts';
import type { ServiceClient } from '@marquee/service';
import { z } from 'zod';
import type { ShowtimeSource } from '../domain/showtimes.store';
import type { ShowtimeFact } from '../domain/ticket';

// Lenient about what is not needed here: the movie title and theater name may be flat or nested,
// and the layout may live only on the theater (then GET /api/theaters/{id} gives it). A timezone
// that is not a zone name reads as absent rather than refusing the showtime.
const zone = timeZoneSchema.optional().catch(undefined);

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
  theater: z.object({ name: z.string().min(1), timezone: zone }).partial().optional(),
  theater_timezone: zone,
  rows: z.array(z.string().min(1)).min(1).optional(),
  seats_per_row: z.number().int().positive().optional(),
  updated_at: z.iso.datetime({ offset: true }).optional(),
});

const theaterAnswer = z.object({
  id: z.uuid(),
  name: z.string().min(1),
  rows: z.array(z.string().min(1)).min(1),
  seats_per_row: z.number().int().positive(),
  timezone: zone,
});

/**
 * The showtimes service over HTTP, asked only when the read model has not heard of a showtime
 * (a reservation right after it was created, before its event was consumed), through the shared
 * service client: failures reach the caller as 503 with Retry-After.
 */
export class ShowtimesClient implements ShowtimeSource {
  constructor(private readonly client: ServiceClient) {}

  async fetch(showtimeId: string): Promise<ShowtimeFact | null> {
    try {
      const showtime = await this.client.get(`/api/showtimes/${encodeURIComponent(showtimeId)}`, showtimeAnswer);
      if (showtime === null) return null;
      let layout = showtime.rows && showtime.seats_per_row ? { rows: showtime.rows, seats_per_row: showtime.seats_per_row } : undefined;
      let theaterName = showtime.theater_name ?? showtime.theater?.name;
      let timezone = showtime.theater_timezone ?? showtime.theater?.timezone;
      if (!layout || !theaterName || !timezone) {
        const theater = await this.client.get(`/api/theaters/${encodeURIComponent(showtime.theater_id)}`, theaterAnswer);
        if (theater === null) return null;
        layout ??= { rows: theater.rows, seats_per_row: theater.seats_per_row };
        theaterName ??= theater.name;
        timezone ??= theater.timezone;
      }
      return {
        showtime_id: showtime.id,
        movie_id: showtime.movie_id,
        movie_title: showtime.movie_title ?? showtime.movie?.title ?? 'Unknown movie',
        theater_id: showtime.theater_id,
        theater_name: theaterName,
        theater_timezone: timezone ?? null,
        start_time: new Date(showtime.start_time),
        price: showtime.price,
        currency: showtime.currency ?? DEFAULT_CURRENCY,
        ...layout,
        status: showtime.status === 'cancelled' ? 'cancelled' : 'scheduled',
        // What it states is as of its last change; without one, any event about it is newer.
        at: showtime.updated_at ? new Date(showtime.updated_at) : new Date(0),
      };
    } catch (error) {
      throw this.client.toAppError(error);
    }
  }
}
