import type { ApiRouter } from '@marquee/http';
import type { MovieRenderer } from '../movie/movie-json';
import { cacheHeaders, moviePageSchema } from '../movie/movie.schemas';
import type { SearchService } from './search.service';
import { listQuerySchema, searchQuerySchema } from './search.schemas';

/** Finding films and series: the filtered list and the search box. */
export function searchRoutes(router: ApiRouter, search: SearchService, render: MovieRenderer): void {
  router.route({
    method: 'get',
    path: '/api/movies',
    summary: 'List films and series',
    description: 'Filters `type` (movie or series), `q` (title, genre or cast), `genre`, `year`; `sort`; paginated. Deleted entries never appear.',
    tags: ['movies'],
    auth: 'optional',
    request: { query: listQuerySchema },
    responses: { 200: { description: 'A page of movies', schema: moviePageSchema } },
    handler: async ({ query, user }) => {
      const { page, limit, type, ...filter } = query;
      const found = await search.list({ ...filter, kind: type }, { page, limit });
      const json = await render(user, found.items);
      return { ...found, items: found.items.map(json) };
    },
  });

  router.route({
    method: 'get',
    path: '/api/movies/search',
    summary: 'Search films and series',
    description:
      'By title, genre or cast name (`type` for films or series only), best match first: an exact title, then full-text rank (title over genres over cast), ' +
      'with word prefixes ("incep") and, when nothing else matches, small typos. ' +
      'Cached for a short while and refreshed when the catalogue changes.',
    tags: ['movies'],
    auth: 'optional',
    request: { query: searchQuerySchema },
    responses: { 200: { description: 'A page of movies', schema: moviePageSchema, headers: cacheHeaders } },
    handler: async ({ query, user, res }) => {
      const { value, hit } = await search.search(query.q, { page: query.page, limit: query.limit }, query.type);
      res.setHeader('X-Cache', hit ? 'HIT' : 'MISS');
      const json = await render(user, value.items);
      return { ...value, items: value.items.map(json) };
    },
  });
}
