import type { ApiRouter } from '@marquee/http';
import type { z } from 'zod';
import { normaliseCast, type Kind, type MovieChanges, type MovieInput, type SeasonInput } from '../movie/movie';
import { toEntryJson, type MovieRenderer } from '../movie/movie-json';
import { catalogueEntrySchema, idParamsSchema } from '../movie/movie.schemas';
import type { CatalogueService } from './catalogue.service';
import { genreListSchema, movieChangesSchema, movieDetailsSchema, newMovieSchema } from './catalogue.schemas';

type SeasonBody = NonNullable<z.output<typeof movieChangesSchema>['seasons']>[number];

function toSeasonInput(season: SeasonBody): SeasonInput {
  const episodes = season.episodes?.map((e) => ({
    episode_number: e.episode_number,
    name: e.name || `Episode ${e.episode_number}`,
    overview: e.overview ?? '',
    air_date: e.air_date ?? null,
    runtime: e.runtime ?? null,
    still_url: e.still_url ?? null,
    vote_average: e.vote_average ?? 0,
    tmdb_id: e.tmdb_id ?? null,
  }));
  return {
    season_number: season.season_number,
    name: season.name || (season.season_number === 0 ? 'Specials' : `Season ${season.season_number}`),
    overview: season.overview ?? '',
    air_date: season.air_date ?? null,
    episode_count: season.episode_count ?? episodes?.length,
    poster_url: season.poster_url ?? null,
    vote_average: season.vote_average ?? 0,
    tmdb_id: season.tmdb_id ?? null,
    episodes,
  };
}

function toChanges(body: z.output<typeof movieChangesSchema>): { changes: MovieChanges; seasons?: SeasonInput[]; kind?: Kind } {
  const { description, cast, seasons, is_series, ...rest } = body;
  const changes: MovieChanges = { ...rest };
  if (rest.synopsis === undefined && description !== undefined) changes.synopsis = description;
  if (cast !== undefined) changes.cast = normaliseCast(cast);
  return { changes, seasons: seasons?.map(toSeasonInput), kind: is_series === undefined ? undefined : is_series ? 'series' : 'movie' };
}

function toInput(body: z.output<typeof newMovieSchema>): MovieInput {
  return {
    kind: body.is_series ? 'series' : 'movie',
    title: body.title,
    year: body.year ?? null,
    synopsis: body.synopsis ?? body.description ?? '',
    release_date: body.release_date ?? null,
    runtime: body.runtime ?? null,
    genres: body.genres,
    cast: normaliseCast(body.cast),
    poster_url: body.poster_url ?? null,
    backdrop_url: body.backdrop_url ?? null,
    language: body.language ?? null,
    certification: body.certification ?? null,
    popularity: body.popularity ?? 0,
    tmdb_id: body.tmdb_id ?? null,
    homepage: body.homepage ?? null,
    network_logo: body.network_logo ?? null,
  };
}

/**
 * The genres, admin changes and one movie's details. Declared after every other
 * `/api/movies/<word>` route, since Express matches in order and `{id}` would otherwise swallow them.
 */
export function catalogueRoutes(router: ApiRouter, catalogue: CatalogueService, render: MovieRenderer): void {
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

  router.route({
    method: 'post',
    path: '/api/movies',
    summary: 'Add a film or a series',
    description: 'A series (`is_series: true`) may come with its `seasons` and their episodes; it has no `runtime`. Publishes `movie.created`.',
    tags: ['movies'],
    auth: 'admin',
    request: { body: newMovieSchema },
    responses: {
      201: { description: 'Created', schema: catalogueEntrySchema },
      400: { description: 'Bad fields, an unknown genre, seasons for a film or a runtime for a series (`VALIDATION_FAILED`)' },
      409: { description: 'Another entry of the same kind has this tmdb_id (`CONFLICT`)' },
    },
    handler: async ({ body }) => toEntryJson(await catalogue.create(toInput(body), body.seasons?.map(toSeasonInput))),
  });

  router.route({
    method: 'get',
    path: '/api/movies/:id',
    summary: 'One film or series',
    description:
      'A series with its seasons and their episodes. With up to 8 similar entries of the same kind (shared genres and cast). ' +
      'Signed in, the visit is recorded in my history.',
    tags: ['movies'],
    auth: 'optional',
    request: { params: idParamsSchema },
    responses: { 200: { description: 'The film or series', schema: movieDetailsSchema }, 404: { description: 'No such entry, or deleted' } },
    handler: async ({ params, user }) => {
      const { movie, seasons, similar } = await catalogue.details(params.id, user?.id);
      const json = await render(user, [movie, ...similar]);
      return { ...json(movie), homepage: movie.homepage, network_logo: movie.network_logo, seasons, similar: similar.map(json) };
    },
  });

  for (const method of ['put', 'patch'] as const) {
    router.route({
      method,
      path: '/api/movies/:id',
      summary: 'Change a film or series',
      description:
        'Any subset of the fields (`synopsis` or `description`); the rest stays. `seasons` replace a series\' seasons. ' +
        'A film stays a film. Publishes `movie.updated`.',
      tags: ['movies'],
      auth: 'admin',
      request: { params: idParamsSchema, body: movieChangesSchema },
      responses: {
        200: { description: 'The entry after the change', schema: catalogueEntrySchema },
        400: { description: 'Bad fields, an unknown genre, seasons for a film or a runtime for a series (`VALIDATION_FAILED`)' },
        404: { description: 'No such entry, or deleted' },
        409: { description: 'Another entry of the same kind has this tmdb_id (`CONFLICT`)' },
      },
      handler: async ({ params, body }) => {
        const { changes, ...extra } = toChanges(body);
        return toEntryJson(await catalogue.update(params.id, changes, extra));
      },
    });
  }

  router.route({
    method: 'delete',
    path: '/api/movies/:id',
    summary: 'Delete a movie',
    description: 'Soft: it leaves every list and its details answer 404; ids held elsewhere stay valid. Publishes `movie.deleted`.',
    tags: ['movies'],
    auth: 'admin',
    request: { params: idParamsSchema },
    responses: { 204: { description: 'Deleted' }, 404: { description: 'No such movie, or already deleted' } },
    handler: async ({ params }) => {
      await catalogue.remove(params.id);
    },
  });
}
