import type { ApiRouter } from '@marquee/http';
import type { z } from 'zod';
import type { CatalogueService } from '../domain/catalogue.service';
import type { MovieChanges, MovieInput } from '../domain/movie';
import { normaliseCast } from '../domain/movie';
import { toMovieJson, type MovieRenderer } from './movie-json';
import { idParamsSchema, movieChangesSchema, movieDetailsSchema, movieSchema, newMovieSchema } from './schemas';

function toChanges(body: z.output<typeof movieChangesSchema>): MovieChanges {
  const { description, cast, ...rest } = body;
  const changes: MovieChanges = { ...rest };
  if (rest.synopsis === undefined && description !== undefined) changes.synopsis = description;
  if (cast !== undefined) changes.cast = normaliseCast(cast);
  return changes;
}

function toInput(body: z.output<typeof newMovieSchema>): MovieInput {
  return {
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
  };
}

/**
 * Admin changes and one movie's details. Declared after every `/api/movies/<word>` route, since
 * Express matches in order and `{id}` would otherwise swallow them.
 */
export function catalogueRoutes(router: ApiRouter, catalogue: CatalogueService, render: MovieRenderer): void {
  router.route({
    method: 'post',
    path: '/api/movies',
    summary: 'Add a movie',
    description: 'Publishes `movie.created`.',
    tags: ['movies'],
    auth: 'admin',
    request: { body: newMovieSchema },
    responses: {
      201: { description: 'Created', schema: movieSchema },
      400: { description: 'Bad fields, or an unknown genre (`VALIDATION_FAILED`)' },
      409: { description: 'Another movie has this tmdb_id (`CONFLICT`)' },
    },
    handler: async ({ body }) => toMovieJson(await catalogue.create(toInput(body))),
  });

  router.route({
    method: 'get',
    path: '/api/movies/:id',
    summary: 'One movie',
    description: 'With up to 8 similar movies (shared genres and cast). Signed in, the visit is recorded in my history.',
    tags: ['movies'],
    auth: 'optional',
    request: { params: idParamsSchema },
    responses: { 200: { description: 'The movie', schema: movieDetailsSchema }, 404: { description: 'No such movie, or deleted' } },
    handler: async ({ params, user }) => {
      const { movie, similar } = await catalogue.details(params.id, user?.id);
      const json = await render(user, [movie, ...similar]);
      return { ...json(movie), similar: similar.map(json) };
    },
  });

  for (const method of ['put', 'patch'] as const) {
    router.route({
      method,
      path: '/api/movies/:id',
      summary: 'Change a movie',
      description: 'Any subset of the fields (`synopsis` or `description`); the rest stays. Publishes `movie.updated`.',
      tags: ['movies'],
      auth: 'admin',
      request: { params: idParamsSchema, body: movieChangesSchema },
      responses: {
        200: { description: 'The movie after the change', schema: movieSchema },
        404: { description: 'No such movie, or deleted' },
        409: { description: 'Another movie has this tmdb_id (`CONFLICT`)' },
      },
      handler: async ({ params, body }) => toMovieJson(await catalogue.update(params.id, toChanges(body))),
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
