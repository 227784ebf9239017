import path from 'node:path';
import { createPlatform, domainPlatform } from '@marquee/service';
import { reviewsConfigShape } from './config';
import { MoviesRepository } from './data/movies.repository';
import { ReviewsRepository } from './data/reviews.repository';
import type { ReviewsDeps } from './domain/ports';
import { ReviewsService } from './domain/reviews.service';
import { reviewsRoutes } from './http/reviews.routes';
import { movieEventHandlers } from './messaging/movie-events.consumer';

export const REVIEWS_MIGRATIONS = path.join(__dirname, 'migrations');

/**
 * The composition root: config → platform (pools, broker, verifier) → repositories → domain →
 * consumers and HTTP. Tests call it with their own environment (PORT=0, a test database, their
 * AMQP prefix, a test JWKS). Reviews come from users, so there is nothing to seed.
 */
export async function startReviewsService(env: Record<string, string | undefined> = process.env) {
  const platform = await createPlatform({ service: 'reviews', defaultPort: 9000, migrationsDir: REVIEWS_MIGRATIONS, env, config: reviewsConfigShape });
  const { config, logger } = platform;
  try {
    const movies = new MoviesRepository();
    const deps: ReviewsDeps = {
      ...domainPlatform(platform),
      reviews: new ReviewsRepository(),
      movies,
    };
    const reviews = new ReviewsService(deps);

    await platform.consume(movieEventHandlers(movies, logger), {
      maxAttempts: config.EVENT_MAX_ATTEMPTS,
      retryDelaysMs: config.EVENT_RETRY_DELAYS_MS,
    });

    const served = await platform.serve((router) => reviewsRoutes(router, reviews), {
      description: 'Movie reviews (one per user and movie) and per-movie rating stats',
    });
    return { platform, ...served };
  } catch (error) {
    await platform.stop();
    throw error;
  }
}

export type ReviewsServiceHandle = Awaited<ReturnType<typeof startReviewsService>>;
