import { randomUUID } from 'node:crypto';
import type { CatalogueService } from '../domain/catalogue.service';
import { movieSnapshot, type MovieInput } from '../domain/movie';
import type { MoviesDeps } from '../domain/ports';
import { toMovieInput } from './tmdb-mapping';
import type { TmdbClient, TmdbSource } from './tmdb.client';

export interface ImportRequest {
  source: TmdbSource;
  /** The search text (source `search`). */
  q?: string;
  /** How many list pages to read (1–5). */
  pages: number;
}

export interface ImportResult {
  /** Films written (created + updated). */
  imported: number;
  created: number;
  updated: number;
  /** Listed but not written: unknown to TMDb's details, or deleted from our catalogue. */
  skipped: number;
}

/** Details are fetched this many at a time: quick, without hammering TMDb's rate limit. */
const DETAIL_CONCURRENCY = 4;

/**
 * Imports TMDb films in two phases. First everything is fetched and validated (list pages, then
 * each film's details with credits and release dates); any failure there ends the import with the
 * catalogue untouched. Then every film is upserted by `tmdb_id` in one transaction, with its
 * `movie.created` or `movie.updated` event, so the catalogue changes all at once or not at all.
 */
export class TmdbImportService {
  constructor(
    private readonly deps: MoviesDeps,
    private readonly tmdb: TmdbClient,
    private readonly catalogue: CatalogueService,
  ) {}

  async import(request: ImportRequest): Promise<ImportResult> {
    const ids: number[] = [];
    for (let page = 1; page <= request.pages; page++) {
      const listed = await this.tmdb.listPage(request.source, page, request.q);
      for (const item of listed.results) if (!ids.includes(item.id)) ids.push(item.id);
      if (page >= listed.total_pages) break;
    }
    const details = await mapWithConcurrency(ids, DETAIL_CONCURRENCY, (id) => this.tmdb.details(id));
    const known = await this.catalogue.genres();
    const films: MovieInput[] = details
      .filter((d) => d !== null)
      .map((d) => toMovieInput(d, known))
      .filter((m) => m.title !== '')
      // One lock order for every import, so two concurrent imports cannot deadlock.
      .sort((a, b) => (a.tmdb_id ?? 0) - (b.tmdb_id ?? 0));

    const result: ImportResult = { imported: 0, created: 0, updated: 0, skipped: ids.length - films.length };
    if (films.length === 0) return result;
    await this.deps.transaction(async (client) => {
      for (const film of films) {
        const written = await this.deps.movies.upsertByTmdbId(client, randomUUID(), film);
        if (!written) {
          result.skipped += 1;
          continue;
        }
        await this.deps.publish(client, written.created ? 'movie.created' : 'movie.updated', movieSnapshot(written.movie));
        result[written.created ? 'created' : 'updated'] += 1;
      }
    });
    result.imported = result.created + result.updated;
    if (result.imported > 0) await this.catalogue.bulkLoaded();
    return result;
  }
}

/** `fn` over `items`, at most `limit` at a time, results in order; rejects with the first error. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
