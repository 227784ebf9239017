import path from 'node:path';
import { createCircuitBreaker } from '@marquee/resilience';
import { createPlatform, domainPlatform } from '@marquee/service';
import { moviesConfigShape } from './config';
import { FavouritesRepository } from './data/favourites.repository';
import { GenresRepository } from './data/genres.repository';
import { HistoryRepository } from './data/history.repository';
import { createListCache } from './data/list-cache';
import { MoviesRepository } from './data/movies.repository';
import { RatingsRepository } from './data/ratings.repository';
import { RecommendationsRepository } from './data/recommendations.repository';
import { SeasonsRepository } from './data/seasons.repository';
import { UsersRepository } from './data/users.repository';
import { CatalogueService } from './domain/catalogue.service';
import { FavouritesService } from './domain/favourites.service';
import { HistoryService } from './domain/history.service';
import { ListsService } from './domain/lists.service';
import type { MoviesDeps } from './domain/ports';
import { RecommendationsService } from './domain/recommendations.service';
import { catalogueRoutes } from './http/catalogue.routes';
import { importRoutes } from './http/import.routes';
import { listRoutes } from './http/lists.routes';
import { meRoutes } from './http/me.routes';
import { movieRenderer } from './http/movie-json';
import { reviewEventHandlers } from './messaging/review-events.consumer';
import { userEventHandlers } from './messaging/user-events.consumer';
import demoMovies from './seed/demo-movies.json';
import demoSeries from './seed/demo-series.json';
import { seedDemoCatalogue } from './seed/demo-seed';
import { isTmdbFailure, TmdbClient } from './tmdb/tmdb.client';
import { TmdbImportService } from './tmdb/tmdb-import.service';

export const MOVIES_MIGRATIONS = path.join(__dirname, 'migrations');

/** How often old activity rows are pruned. */
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * The composition root: config → platform (pools, broker, cache, verifier) → repositories →
 * domain → HTTP and consumers. Tests call it with their own environment (PORT=0, a test database,
 * their AMQP prefix and cache prefix, a fake TMDb).
 */
export async function startMoviesService(env: Record<string, string | undefined> = process.env) {
  const platform = await createPlatform({ service: 'movies', defaultPort: 8000, migrationsDir: MOVIES_MIGRATIONS, env, config: moviesConfigShape });
  const { config, logger } = platform;
  try {
    const deps: MoviesDeps = {
      ...domainPlatform(platform),
      lists: createListCache(config.MOVIES_CACHE_ENABLED ? platform.cache('lists') : undefined, config.MOVIES_LIST_TTL_SEC),
      movies: new MoviesRepository(),
      seasons: new SeasonsRepository(),
      genres: new GenresRepository(),
      favourites: new FavouritesRepository(),
      history: new HistoryRepository(),
      ratings: new RatingsRepository(),
      users: new UsersRepository(),
      recommendations: new RecommendationsRepository(),
    };
    const catalogue = new CatalogueService(deps);
    const lists = new ListsService(deps);
    const favourites = new FavouritesService(deps);
    const history = new HistoryService(deps);
    const recommendations = new RecommendationsService(deps);

    // One long-lived breaker for TMDb; 4xx answers are TMDb refusing us, not TMDb failing.
    const tmdbBreaker = createCircuitBreaker({
      name: 'tmdb',
      timeoutMs: config.TMDB_TIMEOUT_MS,
      resetTimeoutMs: config.TMDB_BREAKER_RESET_MS,
      isFailure: isTmdbFailure,
      registry: platform.registry,
      logger,
    });
    platform.lifecycle.onStop('tmdb breaker', () => tmdbBreaker.shutdown());
    const tmdb = new TmdbClient({
      baseUrl: config.TMDB_BASE_URL,
      token: config.TMDB_TOKEN,
      breaker: tmdbBreaker,
      cache: config.MOVIES_CACHE_ENABLED ? platform.cache('tmdb') : undefined,
      cacheTtlSeconds: config.TMDB_CACHE_TTL_SEC,
      maxRetryWaitMs: config.TMDB_MAX_RETRY_WAIT_MS,
      logger,
    });
    const importer = new TmdbImportService(deps, tmdb, catalogue);
    if (!tmdb.configured) logger.info('TMDB_TOKEN is not set: imports answer 503; the service runs on its own catalogue');

    if (config.SEED_DEMO) {
      const added = await seedDemoCatalogue(deps, catalogue, { films: demoMovies, series: demoSeries });
      logger.info(added > 0 ? `demo catalogue loaded: ${added} films and series` : 'demo catalogue already loaded or catalogue not empty');
    }

    await platform.consume({
      ...reviewEventHandlers(deps.ratings, deps.history, logger),
      ...userEventHandlers(deps.users, () => catalogue.genres(), logger),
    });

    const pruner = setInterval(() => {
      history.pruneActivity().catch((error: unknown) => logger.warn('could not prune old activity', { error }));
    }, PRUNE_INTERVAL_MS);
    pruner.unref();
    platform.lifecycle.onStop('activity pruner', () => clearInterval(pruner));

    const render = movieRenderer(favourites);
    const served = await platform.serve(
      (router) => {
        // Order matters: every /api/movies/<word> route before /api/movies/{id}.
        listRoutes(router, catalogue, lists, render);
        meRoutes(router, favourites, history, recommendations);
        importRoutes(router, importer);
        catalogueRoutes(router, catalogue, render);
      },
      { description: 'Movie catalogue, search, cached lists, favourites, history, ratings from reviews, recommendations and TMDb import' },
    );
    return { platform, catalogue, ...served };
  } catch (error) {
    await platform.stop();
    throw error;
  }
}

export type MoviesServiceHandle = Awaited<ReturnType<typeof startMoviesService>>;
