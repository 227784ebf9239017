import type { ApiRouter } from '@marquee/http';
import type { FavouritesService } from '../favourites/favourites.service';
import { actingUser, notYours } from '../movie/acting-user';
import { toMovieJson } from '../movie/movie-json';
import { userPageQuerySchema } from '../movie/movie.schemas';
import type { HistoryService } from './history.service';
import { historyPageSchema } from './history.schemas';

/** What the signed-in user viewed (an admin: anyone, by `user_id`). */
export function historyRoutes(router: ApiRouter, history: HistoryService, favourites: FavouritesService): void {
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
}
