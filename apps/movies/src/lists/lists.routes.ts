import type { ApiRouter } from '@marquee/http';
import type { MovieRenderer } from '../movie/movie-json';
import { cacheHeaders, moviePageSchema } from '../movie/movie.schemas';
import type { ListName, ListsService } from './lists.service';
import { cachedListQuerySchema } from './lists.schemas';

const CACHED_LISTS: { name: ListName; summary: string; description: string }[] = [
  {
    name: 'popular',
    summary: 'Popular movies',
    description: 'Released movies by popularity blended with the last 7 days of views, favourites and reviews.',
  },
  {
    name: 'trending',
    summary: 'Trending movies',
    description: 'Views, favourites and reviews of the last 7 days, each counting less as it ages (half-life 48 h).',
  },
  { name: 'coming-soon', summary: 'Coming soon', description: 'Films released, and series first airing, after today, soonest first.' },
];

/** The public lists: popular, trending, coming soon. */
export function listRoutes(router: ApiRouter, lists: ListsService, render: MovieRenderer): void {
  for (const list of CACHED_LISTS) {
    router.route({
      method: 'get',
      path: `/api/movies/${list.name}`,
      summary: list.summary,
      description: `${list.description} \`type\` keeps films or series only. Cached for a short while and refreshed when the catalogue changes.`,
      tags: ['movies'],
      auth: 'optional',
      request: { query: cachedListQuerySchema },
      responses: { 200: { description: 'A page of movies', schema: moviePageSchema, headers: cacheHeaders } },
      handler: async ({ query, user, res }) => {
        const { value, hit } = await lists.list(list.name, { page: query.page, limit: query.limit }, query.type);
        res.setHeader('X-Cache', hit ? 'HIT' : 'MISS');
        const json = await render(user, value.items);
        return { ...value, items: value.items.map(json) };
      },
    });
  }
}
