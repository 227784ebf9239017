import { assertSelfOrAdmin, type ApiRouter, type AuthUser } from '@marquee/http';
import type { FavouritesService } from '../domain/favourites.service';
import type { HistoryService } from '../domain/history.service';
import type { RecommendationsService } from '../domain/recommendations.service';
import { toMovieJson } from './movie-json';
import {
  favouritePageSchema,
  favouriteSchema,
  favouritesQuerySchema,
  historyPageSchema,
  movieIdBodySchema,
  movieIdParamsSchema,
  movieIdQuerySchema,
  userPageQuerySchema,
  recommendationPageSchema,
  userIdQuerySchema,
} from './schemas';

/**
 * Whose favourites a request is about: the caller's, or the `user_id` it names when the caller
 * is an admin. Another user's id from anyone else is a 403 (API.md Conventions), never ignored.
 */
function actingUser(user: AuthUser, userId: string | undefined): string {
  if (userId === undefined) return user.id;
  assertSelfOrAdmin(user, userId);
  return userId;
}

const notYours = { description: '`user_id` names someone else and the caller is not an admin (`FORBIDDEN`)' };

/** The signed-in user's own lists: favourites, history, recommendations. */
export function meRoutes(router: ApiRouter, favourites: FavouritesService, history: HistoryService, recommendations: RecommendationsService): void {
  router.route({
    method: 'post',
    path: '/api/movies/favourites',
    summary: 'Add a favourite',
    description: 'Idempotent: 201 the first time, 200 (and no duplicate) after that.',
    tags: ['favourites'],
    request: { body: movieIdBodySchema },
    responses: {
      200: { description: 'Already a favourite', schema: favouriteSchema },
      201: { description: 'Added', schema: favouriteSchema },
      403: notYours,
      404: { description: 'No such movie, or deleted' },
    },
    handler: async ({ user, body, res }) => {
      const { created, ...favourite } = await favourites.add(actingUser(user, body.user_id), body.movie_id);
      res.status(created ? 201 : 200).json(favourite);
    },
  });

  router.route({
    method: 'get',
    path: '/api/movies/favourites',
    summary: 'My favourites',
    description: 'Newest first; deleted movies leave the list.',
    tags: ['favourites'],
    request: { query: favouritesQuerySchema },
    responses: { 200: { description: 'A page of my favourite movies', schema: favouritePageSchema }, 403: notYours },
    handler: async ({ user, query }) => {
      const found = await favourites.list(actingUser(user, query.user_id), { page: query.page, limit: query.limit });
      const mine = new Set(found.items.map((f) => f.movie.id));
      return { ...found, items: found.items.map((f) => ({ ...toMovieJson(f.movie, mine), favourited_at: f.favourited_at })) };
    },
  });

  router.route({
    method: 'delete',
    path: '/api/movies/favourites/:movie_id',
    summary: 'Remove a favourite',
    description: 'Idempotent: 204 whether or not it was a favourite.',
    tags: ['favourites'],
    request: { params: movieIdParamsSchema, query: userIdQuerySchema },
    responses: { 204: { description: 'Not a favourite any more' }, 403: notYours },
    handler: async ({ user, params, query }) => {
      await favourites.remove(actingUser(user, query.user_id), params.movie_id);
    },
  });

  router.route({
    method: 'delete',
    path: '/api/movies/favourites',
    summary: 'Remove a favourite (movie id in the query)',
    tags: ['favourites'],
    request: { query: movieIdQuerySchema },
    responses: { 204: { description: 'Not a favourite any more' }, 403: notYours },
    handler: async ({ user, query }) => {
      await favourites.remove(actingUser(user, query.user_id), query.movie_id);
    },
  });

  router.route({
    method: 'get',
    path: '/api/movies/history',
    summary: 'What I viewed',
    description: 'One entry per movie: when I last opened its details (`viewed_at`) and how often (`view_count`); most recent first.',
    tags: ['history'],
    request: { query: userPageQuerySchema },
    responses: { 200: { description: 'A page of viewed movies', schema: historyPageSchema }, 403: notYours },
    handler: async ({ user, query }) => {
      const whose = actingUser(user, query.user_id);
      const found = await history.list(whose, { page: query.page, limit: query.limit });
      const mine = await favourites.favouredAmong(whose, found.items.map((v) => v.movie.id));
      return { ...found, items: found.items.map((v) => ({ ...toMovieJson(v.movie, mine), viewed_at: v.viewed_at, view_count: v.view_count })) };
    },
  });

  router.route({
    method: 'get',
    path: '/api/movies/recommendations',
    summary: 'Recommended for me',
    description:
      'Scored from my genres, my favourites and ratings (4–5 stars pull similar movies up, 1–2 push them down), my views and popularity; ' +
      'never a movie I rated or favourited; within my maturity filter (teen hides R and NC-17). With nothing to go on: popular ones.',
    tags: ['recommendations'],
    request: { query: userPageQuerySchema },
    responses: { 200: { description: 'A page of recommendations, best first', schema: recommendationPageSchema }, 403: notYours },
    handler: async ({ user, query }) => {
      const found = await recommendations.recommend(actingUser(user, query.user_id), { page: query.page, limit: query.limit });
      // Never a favourite, by construction.
      const none = new Set<string>();
      return { ...found, items: found.items.map((r) => ({ ...toMovieJson(r.movie, none), score: r.score, reason: r.reason })) };
    },
  });
}
