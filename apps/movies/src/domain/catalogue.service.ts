import { randomUUID } from 'node:crypto';
import { ErrorCode, pageBounds, toPage, type Page, type PaginationQuery } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import { isUniqueViolation, type Queryable } from '@marquee/postgres';
import type { MovieFilter } from '../data/movies.repository';
import type { Cached } from './lists.service';
import { canonicalGenres, type Genre } from './genres';
import { deletedMovieSnapshot, kindProblems, movieSnapshot, yearOf, type Kind, type Movie, type MovieChanges, type MovieInput, type Season, type SeasonInput } from './movie';
import type { MoviesDeps } from './ports';
import { searchTerms } from './search-terms';
import { normaliseSeasons } from './series';

/** Cache keys of search answers: `search:<type or all>:<limit>:<page>:<normalised text>`. */
export const SEARCH_CACHE_PREFIX = 'search:';

export const SIMILAR_LIMIT = 8;

/** An entry with its seasons (none for a film). */
export interface CatalogueEntry {
  movie: Movie;
  seasons: Season[];
}

export interface MovieDetails extends CatalogueEntry {
  similar: Movie[];
}

export interface ListRequest {
  /** Films or series only. */
  kind?: Kind;
  q?: string;
  genre?: string;
  year?: number;
  sort?: MovieFilter['sort'];
}

/** The catalogue: admin changes (with their events), reads, search and details. */
export class CatalogueService {
  private known?: Promise<Genre[]>;

  constructor(private readonly deps: MoviesDeps) {}

  /** The genre table; fixed by migration, so read once per process. */
  genres(): Promise<Genre[]> {
    this.known ??= this.deps.genres.all(this.deps.db).catch((error: unknown) => {
      this.known = undefined;
      throw error;
    });
    return this.known;
  }

  /** Canonical genre names, or a 400 naming the unknown ones under `field`. */
  async checkGenres(names: readonly string[], field: string): Promise<string[]> {
    const { names: canonical, unknown } = canonicalGenres(names, await this.genres());
    if (unknown.length > 0) {
      throw AppError.validation([{ field, message: `unknown genre${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}; see GET /api/movies/genres` }]);
    }
    return canonical;
  }

  /** A new film, or a new series with its seasons. */
  async create(input: MovieInput, seasons: readonly SeasonInput[] = []): Promise<CatalogueEntry> {
    refuseKindProblems(input.kind, { ...input, seasons });
    const movie: MovieInput = { ...input, genres: await this.checkGenres(input.genres, 'body.genres'), year: input.year ?? yearOf(input.release_date) };
    const created = await this.write(async (client) => {
      const row = await this.deps.movies.insert(client, randomUUID(), movie);
      if (row.kind === 'series') await this.deps.seasons.replace(client, row.id, normaliseSeasons(seasons));
      await this.deps.publish(client, 'movie.created', movieSnapshot(row));
      return { movie: row, seasons: row.kind === 'series' ? await this.deps.seasons.forSeries(client, row.id) : [] };
    });
    await this.catalogueChanged();
    return created;
  }

  /**
   * Changes the fields given; `seasons`, when given, become the series' seasons (matched by
   * number). `kind`, when given, must be the entry's: a film stays a film (its TMDb id is in
   * TMDb's film numbering), so asking to turn one into a series is refused, not ignored.
   */
  async update(id: string, changes: MovieChanges, { seasons, kind }: { seasons?: readonly SeasonInput[]; kind?: Kind } = {}): Promise<CatalogueEntry> {
    const checked: MovieChanges = { ...changes };
    if (changes.genres !== undefined) checked.genres = await this.checkGenres(changes.genres, 'body.genres');
    // A new release date moves the year with it unless the year is given too.
    if (changes.release_date && changes.year === undefined) checked.year = yearOf(changes.release_date);
    const updated = await this.write(async (client) => {
      // Locked first: whether the change fits depends on the kind, and the seasons are rewritten.
      const current = await this.deps.movies.findById(client, id, { forUpdate: true });
      if (!current) throw AppError.notFound('The movie');
      if (kind !== undefined && kind !== current.kind) {
        throw AppError.validation([{ field: 'body.is_series', message: `this entry is a ${current.kind === 'series' ? 'series' : 'film'} and stays one; add the other as a new entry` }]);
      }
      refuseKindProblems(current.kind, { ...checked, seasons });
      const row = await this.deps.movies.update(client, id, checked);
      if (!row) throw AppError.notFound('The movie');
      if (row.kind === 'series' && seasons !== undefined) await this.deps.seasons.replace(client, row.id, normaliseSeasons(seasons));
      await this.deps.publish(client, 'movie.updated', movieSnapshot(row));
      return { movie: row, seasons: row.kind === 'series' ? await this.deps.seasons.forSeries(client, row.id) : [] };
    });
    await this.catalogueChanged();
    return updated;
  }

  /** Soft delete: the row stays (favourites, history and other services keep their ids). */
  async remove(id: string): Promise<void> {
    await this.deps.transaction(async (client) => {
      const row = await this.deps.movies.softDelete(client, id);
      if (!row) throw AppError.notFound('The movie');
      await this.deps.publish(client, 'movie.deleted', deletedMovieSnapshot(row));
    });
    await this.catalogueChanged();
  }

  async get(id: string): Promise<Movie> {
    const movie = await this.deps.movies.findById(this.deps.db, id);
    if (!movie) throw AppError.notFound('The movie');
    return movie;
  }

  /**
   * One film or series (a series with its seasons and episodes) and the entries of its kind most
   * like it; a signed-in viewer's visit is recorded (history, trending).
   */
  async details(id: string, viewerId?: string): Promise<MovieDetails> {
    const movie = await this.get(id);
    const [similar, seasons] = await Promise.all([
      this.deps.movies.similar(this.deps.db, id, SIMILAR_LIMIT),
      movie.kind === 'series' ? this.deps.seasons.forSeries(this.deps.db, id) : [],
      viewerId ? this.recordView(viewerId, id) : undefined,
    ]);
    return { movie, seasons, similar };
  }

  async list(request: ListRequest, page: PaginationQuery): Promise<Page<Movie>> {
    const filter: MovieFilter = { sort: request.sort, year: request.year, kind: request.kind };
    if (request.genre !== undefined) [filter.genre] = await this.checkGenres([request.genre], 'query.genre');
    // Text that cleans to nothing (only controls, say) filters nothing, like a blank q.
    const terms = request.q === undefined ? undefined : searchTerms(request.q);
    if (terms && terms.text !== '') filter.terms = terms;
    const { items, total } = await this.deps.movies.list(this.deps.db, filter, pageBounds(page));
    return toPage(items, total, page);
  }

  /**
   * The search endpoint: `q` alone, best match first. Answers are cached like the public lists
   * (same TTL, tag `catalogue`), keyed on the normalised text, so "Inception " and "inception"
   * share one entry and a catalogue change is visible on the next request. Text with nothing
   * searchable left once cleaned finds nothing, without asking PostgreSQL.
   */
  async search(q: string, page: PaginationQuery, kind?: Kind): Promise<Cached<Page<Movie>>> {
    const terms = searchTerms(q);
    if (terms.text === '') return { value: toPage([], 0, page), hit: false };
    return this.deps.lists.read(`${SEARCH_CACHE_PREFIX}${kind ?? 'all'}:${page.limit}:${page.page}:${terms.text}`, async () => {
      const { items, total } = await this.deps.movies.list(this.deps.db, { terms, kind }, pageBounds(page));
      return toPage(items, total, page);
    });
  }

  /**
   * After a bulk load (demo seed, TMDb import): fresh planner statistics, then the cached lists
   * dropped. Statistics are best effort: without them plans are worse, answers the same.
   */
  async bulkLoaded(): Promise<void> {
    try {
      await this.deps.movies.analyze(this.deps.db);
    } catch (error) {
      this.deps.logger.warn('could not ANALYZE the catalogue after a bulk load; autovacuum will', { error });
    }
    await this.catalogueChanged();
  }

  private async recordView(userId: string, movieId: string): Promise<void> {
    await this.deps.transaction(async (client) => {
      await this.deps.history.recordView(client, userId, movieId);
      await this.deps.history.recordActivity(client, movieId, 'view', userId);
    });
  }

  private async write<T>(fn: (client: Queryable) => Promise<T>): Promise<T> {
    try {
      return await this.deps.transaction(fn);
    } catch (error) {
      if (isUniqueViolation(error, 'movies_kind_tmdb_id_key')) throw AppError.conflict(ErrorCode.CONFLICT, 'Another entry of this kind has this tmdb_id');
      throw error;
    }
  }

  /**
   * Drops the cached lists once the change is committed, so the very next request sees it. A
   * Redis outage here leaves lists stale for at most their short TTL; the change itself stands.
   */
  async catalogueChanged(): Promise<void> {
    try {
      await this.deps.lists.invalidateCatalogue();
    } catch (error) {
      this.deps.logger.warn('could not invalidate cached lists; they expire on their own', { error });
    }
  }
}

/** A 400 naming each field that does not fit the entry's kind (a series' runtime, a film's seasons). */
function refuseKindProblems(kind: Kind, input: Parameters<typeof kindProblems>[1]): void {
  const problems = kindProblems(kind, input);
  if (problems.length > 0) throw AppError.validation(problems.map(([field, message]) => ({ field: `body.${field}`, message })));
}
