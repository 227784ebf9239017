import path from 'node:path';
import { backfillJob, defineService, domainPlatform, serviceClient } from '@marquee/service';
import pkg from '../package.json';
import { showtimesConfigShape } from './config';
import { KnownMoviesRepository } from './data/known-movies.repository';
import { moviesClient } from './data/movies.client';
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
    const movies = new MoviesService({ ...deps, movies: knownMovies, source: moviesClient(moviesApi) });
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

    return {
      routes: (router) => {
        theatersRoutes(router, theaters);
        showtimesRoutes(router, showtimes);
      },
      consumers: { ...movieEventHandlers(knownMovies, logger), ...ticketEventHandlers(ticketSeats) },
      jobs: [backfillJob('movies-backfill', config.MOVIES_BACKFILL_INTERVAL_MS, (signal) => movies.backfillIfNeeded(signal))],
      api: { movies },
    };
  },
});
