import type { ApiRouter } from '@marquee/http';
import { actingUser, notYours } from '../movie/acting-user';
import { toMovieJson } from '../movie/movie-json';
import { userPageQuerySchema } from '../movie/movie.schemas';
import type { RecommendationsService } from './recommendations.service';
import { recommendationPageSchema } from './recommendations.schemas';

/** What the signed-in user might like next (an admin: anyone's, by `user_id`). */
export function recommendationsRoutes(router: ApiRouter, recommendations: RecommendationsService): void {
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
