import path from 'node:path';
import { defineService, domainPlatform } from '@marquee/service';
import pkg from '../package.json';
import { reviewsConfigShape } from './config';
import { KnownMoviesRepository } from './data/known-movies.repository';
import { ReviewsRepository } from './data/reviews.repository';
import { ReviewsService } from './domain/reviews.service';
import { reviewsRoutes } from './http/reviews.routes';
import { movieEventHandlers } from './messaging/movie-events.consumer';

/**
 * The reviews service: repositories → domain → routes and the movie-event consumer. Reviews come
 * from users, so there is nothing to seed; the platform prunes its outbox and inbox.
 */
export const reviewsService = defineService({
  name: 'reviews',
  packageJson: pkg,
  description: 'Movie reviews (one per user and movie) and per-movie rating stats',
  config: reviewsConfigShape,
  migrationsDir: path.join(__dirname, 'migrations'),
  build: (platform) => {
    const known = new KnownMoviesRepository();
    const reviews = new ReviewsService({ ...domainPlatform(platform), reviews: new ReviewsRepository(), movies: known });
    return {
      routes: (router) => reviewsRoutes(router, reviews),
      consumers: movieEventHandlers(known, platform.logger),
    };
  },
});
