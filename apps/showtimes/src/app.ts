import path from 'node:path';
import { defineService, domainPlatform, every, serviceClient } from '@marquee/service';
import pkg from '../package.json';
import { showtimesConfigShape } from './config';
import { KnownMoviesRepository } from './data/known-movies.repository';
import { MoviesClient } from './data/movies.client';
import { ShowtimesRepository } from './data/showtimes.repository';
import { TheatersRepository } from './data/theaters.repository';
import { TicketSeatsRepository } from './data/ticket-seats.repository';
import { MoviesService } from './domain/movies.service';
import { ShowtimesService } from './domain/showtimes.service';
import { TheatersService } from './domain/theaters.service';
import { showtimesRoutes } from './http/showtimes.routes';
import { theatersRoutes } from './http/theaters.routes';
import { movieEventHandlers } from './messaging/movie-events.consumer';
import { ticketEventHandlers } from './messaging/ticket-events.consumer';

/**
 * The showtimes service: theaters, showtimes (never overlapping in one theater), the movie read
 * model (events, plus a backfill and a lookup on a miss from the movies service) and the seat
 * map projection of ticket events.
 */
export const showtimesService = defineService({
  name: 'showtimes',
  packageJson: pkg,
  description: 'Theaters, showtimes and their seat maps',
  config: showtimesConfigShape,
  migrationsDir: path.join(__dirname, 'migrations'),
  build: (platform) => {
    const { config, logger } = platform;
    const deps = domainPlatform(platform);

    const moviesApi = serviceClient(platform, {
      service: 'movies',
      baseUrl: config.MOVIES_URL,
      timeoutMs: config.MOVIES_TIMEOUT_MS,
      resetTimeoutMs: config.MOVIES_BREAKER_RESET_MS,
    });
    const knownMovies = new KnownMoviesRepository();
    const theatersStore = new TheatersRepository();
    const ticketSeats = new TicketSeatsRepository();
    const movies = new MoviesService({ ...deps, movies: knownMovies, source: new MoviesClient(moviesApi) });
    const theaters = new TheatersService({ ...deps, theaters: theatersStore, defaultTimezone: config.THEATER_TIMEZONE });
    const showtimes = new ShowtimesService({
      ...deps,
      showtimes: new ShowtimesRepository(),
      theaters: theatersStore,
      knownMovies,
      movies,
      ticketSeats,
      cleaningMinutes: config.CLEANING_MINUTES,
    });

    // The job's signal ends a backfill in flight when the service stops (between pages).
    const backfill = async (signal: AbortSignal) => {
      try {
        await movies.backfillIfNeeded(signal);
      } catch (error) {
        if (signal.aborted) return;
        logger.warn('movie backfill failed; it is tried again later', { error: error instanceof Error ? error.message : String(error) });
      }
    };

    return {
      routes: (router) => {
        theatersRoutes(router, theaters);
        showtimesRoutes(router, showtimes);
      },
      consumers: { ...movieEventHandlers(knownMovies, logger), ...ticketEventHandlers(ticketSeats) },
      // At start in the background (the service serves and consumes events meanwhile), then again
      // each interval until one pass has completed (movies was down at start); under the job's
      // lock, so replicas and the start never fetch the same pages side by side.
      jobs: [every('movies-backfill', config.MOVIES_BACKFILL_INTERVAL_MS, ({ signal }) => backfill(signal), { atStart: true })],
      api: { movies },
    };
  },
});
