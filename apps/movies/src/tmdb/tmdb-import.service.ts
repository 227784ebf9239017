import { randomUUID } from 'node:crypto';
import { AppError, mapWithConcurrency } from '@marquee/core';
import type { DomainPlatform } from '@marquee/service';
import type { CatalogueService } from '../catalogue/catalogue.service';
import type { Genre } from '../catalogue/genres';
import type { MovieStore } from '../catalogue/movies.store';
import type { SeasonStore } from '../catalogue/seasons.store';
import { normaliseSeasons } from '../catalogue/series';
import { movieSnapshot, type Kind, type MovieInput, type SeasonInput } from '../movie/movie';
import { toMovieInput, toSeriesInput } from './tmdb-mapping';
import type { TmdbSeason } from './tmdb.schemas';
import type { TmdbList, TmdbSource } from './tmdb-source';

export interface TmdbImportDeps extends DomainPlatform {
  movies: Pick<MovieStore, 'upsertByTmdbId'>;
  seasons: Pick<SeasonStore, 'replace'>;
}

export type ImportSource = 'popular' | 'trending' | 'upcoming' | 'search' | 'tv_popular';

/** Either a list (`source`, with `q` for a search) or one entry (`tmdb_id`); `type` says films or series. */
export interface ImportRequest {
  source?: ImportSource;
  /** The search text (source `search`). */
  q?: string;
  /** One film or series by its TMDb id (in TMDb's numbering for `type`). */
  tmdb_id?: number;
  /** Films (default) or series; `tv_popular` is series. */
  type?: Kind;
  /** How many list pages to read (1–5). */
  pages: number;
}

export interface ImportResult {
  /** Entries written (created + updated). */
  imported: number;
  created: number;
  updated: number;
  /** Listed but not written: unknown to TMDb's details, or deleted from our catalogue. */
  skipped: number;
}

/** Details are fetched this many at a time: quick, without hammering TMDb's rate limit. */
const DETAIL_CONCURRENCY = 4;

interface Fetched {
  movie: MovieInput;
  seasons: SeasonInput[];
}

/** Which TMDb list an import request reads. */
function listOf(request: ImportRequest, kind: Kind): TmdbList {
  if (request.source === 'search') return kind === 'series' ? 'tv_search' : 'search';
  return request.source ?? 'popular';
}

/**
 * Imports TMDb films or series in two phases. First everything is fetched and validated (list
 * pages, then each entry's details: a film with credits and release dates, a series with credits,
 * content ratings and every season's episodes); any failure there ends the import with the
 * catalogue untouched. Then every entry is upserted by kind and `tmdb_id` (TMDb numbers films and
 * series separately) in one transaction, with its seasons and its `movie.created` or
 * `movie.updated` event, so the catalogue changes all at once or not at all.
 */
export class TmdbImportService {
  constructor(
    private readonly deps: TmdbImportDeps,
    private readonly tmdb: TmdbSource,
    private readonly catalogue: Pick<CatalogueService, 'genres' | 'bulkLoaded'>,
  ) {}

  async import(request: ImportRequest): Promise<ImportResult> {
    const kind: Kind = request.type ?? (request.source === 'tv_popular' ? 'series' : 'movie');
    const ids = request.tmdb_id !== undefined ? [request.tmdb_id] : await this.listedIds(listOf(request, kind), request);
    const known = await this.catalogue.genres();
    const fetched = await mapWithConcurrency(ids, DETAIL_CONCURRENCY, (id) => (kind === 'series' ? this.fetchSeries(id, known) : this.fetchFilm(id, known)));
    if (request.tmdb_id !== undefined && fetched[0] === null) {
      throw AppError.notFound(`TMDb's ${kind === 'series' ? 'series' : 'film'} ${request.tmdb_id}`);
    }
    const entries = fetched
      .filter((f): f is Fetched => f !== null && f.movie.title !== '')
      // One lock order for every import, so two concurrent imports cannot deadlock.
      .sort((a, b) => (a.movie.tmdb_id ?? 0) - (b.movie.tmdb_id ?? 0));

    const result: ImportResult = { imported: 0, created: 0, updated: 0, skipped: ids.length - entries.length };
    if (entries.length === 0) return result;
    await this.deps.transaction(async (client) => {
      for (const entry of entries) {
        const written = await this.deps.movies.upsertByTmdbId(client, randomUUID(), entry.movie);
        if (!written) {
          result.skipped += 1;
          continue;
        }
        if (kind === 'series') await this.deps.seasons.replace(client, written.movie.id, entry.seasons);
        await this.deps.publish(client, written.created ? 'movie.created' : 'movie.updated', movieSnapshot(written.movie));
        result[written.created ? 'created' : 'updated'] += 1;
      }
    });
    result.imported = result.created + result.updated;
    if (result.imported > 0) await this.catalogue.bulkLoaded();
    return result;
  }

  /** The ids of up to `pages` pages of a list, each once, in the order listed. */
  private async listedIds(list: TmdbList, request: ImportRequest): Promise<number[]> {
    const ids: number[] = [];
    for (let page = 1; page <= request.pages; page++) {
      const listed = await this.tmdb.listPage(list, page, request.q);
      for (const item of listed.results) if (!ids.includes(item.id)) ids.push(item.id);
      if (page >= listed.total_pages) break;
    }
    return ids;
  }

  private async fetchFilm(id: number, known: readonly Genre[]): Promise<Fetched | null> {
    const details = await this.tmdb.details(id);
    return details ? { movie: toMovieInput(details, known), seasons: [] } : null;
  }

  /** A series and, one season at a time, every season's episodes. */
  private async fetchSeries(id: number, known: readonly Genre[]): Promise<Fetched | null> {
    const details = await this.tmdb.seriesDetails(id);
    if (!details) return null;
    const episodes = new Map<number, TmdbSeason>();
    for (const season of details.seasons) {
      const answer = await this.tmdb.season(id, season.season_number);
      if (answer) episodes.set(season.season_number, answer);
    }
    const { movie, seasons } = toSeriesInput(details, episodes, known);
    return { movie, seasons: normaliseSeasons(seasons) };
  }
}

