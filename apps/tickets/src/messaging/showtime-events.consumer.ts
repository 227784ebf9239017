import type { ShowtimeCancelledData, ShowtimeCreatedData, ShowtimeUpdatedData } from '@marquee/contracts';
import type { Logger } from '@marquee/core';
import type { Db, EventHandlers } from '@marquee/service';
import type { ShowtimesStore } from '../domain/showtimes.store';
import type { TicketsService } from '../domain/tickets.service';

type ShowtimeData = ShowtimeCreatedData | ShowtimeUpdatedData | ShowtimeCancelledData;

/**
 * Keeps the showtime read model (price, layout, start, status) from showtime.* events; the
 * event's time orders them, so a late, older one changes nothing. A cancellation also ends every
 * live ticket of the showtime, in the same transaction as the fact.
 */
export function showtimeEventHandlers(showtimes: ShowtimesStore, tickets: TicketsService, logger: Logger): EventHandlers {
  const apply = async (data: ShowtimeData, at: Date, client: Db) => {
    const changed = await showtimes.apply(client, {
      showtime_id: data.showtime_id,
      movie_id: data.movie_id,
      movie_title: data.movie_title,
      theater_id: data.theater_id,
      theater_name: data.theater_name,
      theater_timezone: data.theater_timezone ?? null,
      start_time: new Date(data.start_time),
      price: data.price,
      currency: data.currency,
      rows: data.rows,
      seats_per_row: data.seats_per_row,
      status: data.status,
      at,
    });
    if (!changed) logger.debug('older showtime event ignored', { showtime_id: data.showtime_id });
  };
  return {
    'showtime.created': (data, event, client) => apply(data, new Date(event.time), client),
    'showtime.updated': (data, event, client) => apply(data, new Date(event.time), client),
    'showtime.cancelled': async (data, event, client) => {
      await apply(data, new Date(event.time), client);
      // Cancellation is final: even when a newer fact was already stored, no ticket may stay live.
      const ended = await tickets.showtimeCancelled(client, data.showtime_id);
      logger.info('showtime cancelled: tickets ended', { showtime_id: data.showtime_id, tickets: ended });
    },
  };
}
