import type { ApiRouter } from '@marquee/http';
import { actingUser, notYours } from '../movie/acting-user';
import { toMovieJson } from '../movie/movie-json';
import { movieIdParamsSchema, userIdQuerySchema } from '../movie/movie.schemas';
import type { FavouritesService } from './favourites.service';
import { favouritePageSchema, favouriteSchema, favouritesQuerySchema, movieIdBodySchema, movieIdQuerySchema } from './favourites.schemas';

/** The signed-in user's favourites (an admin's: anyone's, by `user_id`). */
export function favouritesRoutes(router: ApiRouter, favourites: FavouritesService): void {
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
}
