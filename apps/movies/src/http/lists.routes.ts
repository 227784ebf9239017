import type { ApiRouter } from '@marquee/http';
import type { CatalogueService } from '../domain/catalogue.service';
import type { ListName, ListsService } from '../domain/lists.service';
import type { MovieRenderer } from './movie-json';
import { cacheHeaders, cachedListQuerySchema, genreListSchema, listQuerySchema, moviePageSchema, searchQuerySchema } from './schemas';

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

/** Catalogue reads that are not about one movie: list, search, the cached lists, genres. */
export function listRoutes(router: ApiRouter, catalogue: CatalogueService, lists: ListsService, render: MovieRenderer): void {
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
      const found = await catalogue.list({ ...filter, kind: type }, { page, limit });
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
      const { value, hit } = await catalogue.search(query.q, { page: query.page, limit: query.limit }, query.type);
      res.setHeader('X-Cache', hit ? 'HIT' : 'MISS');
      const json = await render(user, value.items);
      return { ...value, items: value.items.map(json) };
    },
  });

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

  router.route({
    method: 'get',
    path: '/api/movies/genres',
    summary: 'Genres',
    description: 'Ids are TMDb genre ids.',
    tags: ['movies'],
    auth: 'public',
    responses: { 200: { description: 'Every genre', schema: genreListSchema } },
    handler: async () => ({ items: await catalogue.genres() }),
  });
}
