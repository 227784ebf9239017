import type { ApiRouter } from '@marquee/http';
import type { TmdbImportService } from '../tmdb/tmdb-import.service';
import { importRequestSchema, importResultSchema } from './schemas';

export function importRoutes(router: ApiRouter, importer: TmdbImportService): void {
  router.route({
    method: 'post',
    path: '/api/movies/import',
    summary: 'Import from TMDb',
    description:
      'Reads 1–5 pages of a TMDb list (or search), then each film with credits and US certification, and upserts them all by ' +
      '`tmdb_id` in one transaction (publishing `movie.created` / `movie.updated`): all or nothing. 201 when something was created, else 200.',
    tags: ['movies'],
    auth: 'admin',
    request: { body: importRequestSchema },
    responses: {
      200: { description: 'Imported; nothing new', schema: importResultSchema },
      201: { description: 'Imported; new movies created', schema: importResultSchema },
      502: { description: 'TMDb answered in an unexpected shape (`BAD_GATEWAY`); nothing written' },
      503: { description: 'TMDb is not configured, unreachable, failing or rate limiting (`UPSTREAM_UNAVAILABLE`, with `Retry-After`); nothing written' },
    },
    handler: async ({ body, res }) => {
      const result = await importer.import(body);
      res.status(result.created > 0 ? 201 : 200).json(result);
    },
  });
}
