import type { ApiRouter } from '@marquee/http';
import type { TmdbImportService } from './tmdb-import.service';
import { importRequestSchema, importResultSchema } from './tmdb-import.schemas';

export function importRoutes(router: ApiRouter, importer: TmdbImportService): void {
  router.route({
    method: 'post',
    path: '/api/movies/import',
    summary: 'Import films or series from TMDb',
    description:
      'Reads 1–5 pages of a TMDb list — `popular`, `trending`, `upcoming` (films), `tv_popular` (series) or `search` for `q` ' +
      '(films, or series with `type: "series"`) — or one entry by `tmdb_id` (a film, or a series with `type: "series"`; TMDb numbers them separately). ' +
      'Then each film with credits and US certification, or each series with credits, US TV rating and every season\'s episodes, ' +
      'and upserts them all by type and `tmdb_id` in one transaction (publishing `movie.created` / `movie.updated`): all or nothing. ' +
      '201 when something was created, else 200.',
    tags: ['movies'],
    auth: 'admin',
    request: { body: importRequestSchema },
    responses: {
      200: { description: 'Imported; nothing new', schema: importResultSchema },
      201: { description: 'Imported; new entries created', schema: importResultSchema },
      404: { description: 'TMDb does not know the `tmdb_id` asked for (`NOT_FOUND`)' },
      502: { description: 'TMDb answered in an unexpected shape (`BAD_GATEWAY`); nothing written' },
      503: { description: 'TMDb is not configured, unreachable, failing or rate limiting (`UPSTREAM_UNAVAILABLE`, with `Retry-After`); nothing written' },
    },
    handler: async ({ body, res }) => {
      const result = await importer.import(body);
      res.status(result.created > 0 ? 201 : 200).json(result);
    },
  });
}
