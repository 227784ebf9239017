import path from 'node:path';
import { createCircuitBreaker } from '@marquee/resilience';
import { defineService, domainPlatform, every } from '@marquee/service';
import pkg from '../package.json';
import { catalogueRoutes } from './catalogue/catalogue.routes';
import { CatalogueService } from './catalogue/catalogue.service';
import { GenresRepository } from './catalogue/genres.repository';
import { MoviesRepository } from './catalogue/movies.repository';
import { SeasonsRepository } from './catalogue/seasons.repository';
import { moviesConfigShape } from './config';
import { favouritesRoutes } from './favourites/favourites.routes';
import { FavouritesRepository } from './favourites/favourites.repository';
import { FavouritesService } from './favourites/favourites.service';
import { historyRoutes } from './history/history.routes';
import { HistoryRepository } from './history/history.repository';
import { HistoryService } from './history/history.service';
import { createListCache } from './lists/list-cache.redis';
import { listRoutes } from './lists/lists.routes';
import { ListsRepository } from './lists/lists.repository';
import { ListsService } from './lists/lists.service';
import { movieRenderer } from './movie/movie-json';
import { RatingsRepository } from './ratings/ratings.repository';
import { reviewEventHandlers } from './ratings/review-events.consumer';
import { recommendationsRoutes } from './recommendations/recommendations.routes';
import { RecommendationsRepository } from './recommendations/recommendations.repository';
import { RecommendationsService } from './recommendations/recommendations.service';
import { userEventHandlers } from './recommendations/user-events.consumer';
import { UserPreferencesRepository } from './recommendations/user-preferences.repository';
import { searchRoutes } from './search/search.routes';
import { SearchRepository } from './search/search.repository';
import { SearchService } from './search/search.service';
import demoMovies from './seed/demo-movies.json';
import demoSeries from './seed/demo-series.json';
import { seedDemoCatalogue } from './seed/demo-seed';
import { importRoutes } from './tmdb/tmdb-import.routes';
import { TmdbImportService } from './tmdb/tmdb-import.service';
import { isTmdbFailure, TmdbClient } from './tmdb/tmdb.client';

/** How often old activity rows are pruned. */
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * The movies service: repositories → feature services → routes, consumers (review ratings, user
 * preferences), the activity pruner and the demo catalogue. Tests reach the catalogue and search
 * services through the handle's `api`.
 */
export const moviesService = defineService({
  name: 'movies',
  packageJson: pkg,
  description: 'Movie catalogue, search, cached lists, favourites, history, ratings from reviews, recommendations and TMDb import',
  config: moviesConfigShape,
  migrationsDir: path.join(__dirname, 'migrations'),
  build: (platform) => {
    const { config, logger } = platform;
    const deps = {
      ...domainPlatform(platform),
      lists: createListCache(config.MOVIES_CACHE_ENABLED ? platform.cache('lists') : undefined, config.MOVIES_LIST_TTL_SEC),
      movies: new MoviesRepository(),
      seasons: new SeasonsRepository(),
      genres: new GenresRepository(),
      search: new SearchRepository(),
      rankedLists: new ListsRepository(),
      favourites: new FavouritesRepository(),
      history: new HistoryRepository(),
      ratings: new RatingsRepository(),
      userPreferences: new UserPreferencesRepository(),
      recommendations: new RecommendationsRepository(),
    };
    const history = new HistoryService(deps);
    // A signed-in visit goes through the history's recording, which announces it (movie.viewed).
    const catalogue = new CatalogueService({ ...deps, history: history.recording });
    const search = new SearchService(deps, catalogue);
    const lists = new ListsService(deps);
    const favourites = new FavouritesService(deps);
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

    const render = movieRenderer(favourites);
    return {
      routes: (router) => {
        // Order matters: every /api/movies/<word> route before /api/movies/{id}.
        searchRoutes(router, search, render);
        listRoutes(router, lists, render);
        favouritesRoutes(router, favourites);
        historyRoutes(router, history, favourites);
        recommendationsRoutes(router, recommendations);
        importRoutes(router, importer);
        catalogueRoutes(router, catalogue, render);
      },
      consumers: {
        ...reviewEventHandlers(deps.ratings, deps.history, logger),
        ...userEventHandlers(deps.userPreferences, () => catalogue.genres(), logger),
      },
      jobs: [every('prune-activity', PRUNE_INTERVAL_MS, () => history.pruneActivity())],
      seed: async () => {
        const added = await seedDemoCatalogue(deps, catalogue, { films: demoMovies, series: demoSeries });
        logger.info(added > 0 ? `demo catalogue loaded: ${added} films and series` : 'demo catalogue already loaded or catalogue not empty');
      },
      api: { catalogue, search },
    };
  },
});
