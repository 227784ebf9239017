import { randomUUID } from 'node:crypto';
import { ErrorCode, pageBounds, toPage, type Page, type PaginationQuery } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import { isUniqueViolation, type Queryable } from '@marquee/postgres';
import type { MovieFilter } from '../data/movies.repository';
import type { Cached } from './lists.service';
import { canonicalGenres, type Genre } from './genres';
import { deletedMovieSnapshot, movieSnapshot, yearOf, type Movie, type MovieChanges, type MovieInput } from './movie';
import type { MoviesDeps } from './ports';
import { searchTerms } from './search-terms';

/** Cache keys of search answers: `search:<limit>:<page>:<normalised text>`. */
export const SEARCH_CACHE_PREFIX = 'search:';

export const SIMILAR_LIMIT = 8;

export interface MovieDetails {
  movie: Movie;
  similar: Movie[];
}

export interface ListRequest {
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

  async create(input: MovieInput): Promise<Movie> {
    const movie: MovieInput = { ...input, genres: await this.checkGenres(input.genres, 'body.genres'), year: input.year ?? yearOf(input.release_date) };
    const created = await this.write(async (client) => {
      const row = await this.deps.movies.insert(client, randomUUID(), movie);
      await this.deps.publish(client, 'movie.created', movieSnapshot(row));
      return row;
    });
    await this.catalogueChanged();
    return created;
  }

  async update(id: string, changes: MovieChanges): Promise<Movie> {
    const checked: MovieChanges = { ...changes };
    if (changes.genres !== undefined) checked.genres = await this.checkGenres(changes.genres, 'body.genres');
    // A new release date moves the year with it unless the year is given too.
    if (changes.release_date && changes.year === undefined) checked.year = yearOf(changes.release_date);
    const updated = await this.write(async (client) => {
      const row = await this.deps.movies.update(client, id, checked);
      if (!row) throw AppError.notFound('The movie');
      await this.deps.publish(client, 'movie.updated', movieSnapshot(row));
      return row;
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

  /** One movie and those most like it; a signed-in viewer's visit is recorded (history, trending). */
  async details(id: string, viewerId?: string): Promise<MovieDetails> {
    const movie = await this.get(id);
    const [similar] = await Promise.all([
      this.deps.movies.similar(this.deps.db, id, SIMILAR_LIMIT),
      viewerId ? this.recordView(viewerId, id) : undefined,
    ]);
    return { movie, similar };
  }

  async list(request: ListRequest, page: PaginationQuery): Promise<Page<Movie>> {
    const filter: MovieFilter = { sort: request.sort, year: request.year };
    if (request.genre !== undefined) [filter.genre] = await this.checkGenres([request.genre], 'query.genre');
    if (request.q !== undefined && request.q.trim() !== '') filter.terms = searchTerms(request.q);
    const { items, total } = await this.deps.movies.list(this.deps.db, filter, pageBounds(page));
    return toPage(items, total, page);
  }

  /**
   * The search endpoint: `q` alone, best match first. Answers are cached like the public lists
   * (same TTL, tag `catalogue`), keyed on the normalised text, so "Inception " and "inception"
   * share one entry and a catalogue change is visible on the next request.
   */
  async search(q: string, page: PaginationQuery): Promise<Cached<Page<Movie>>> {
    const terms = searchTerms(q);
    return this.deps.lists.read(`${SEARCH_CACHE_PREFIX}${page.limit}:${page.page}:${terms.text}`, async () => {
      const { items, total } = await this.deps.movies.list(this.deps.db, { terms }, pageBounds(page));
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

  private async write(fn: (client: Queryable) => Promise<Movie>): Promise<Movie> {
    try {
      return await this.deps.transaction(fn);
    } catch (error) {
      if (isUniqueViolation(error, 'movies_tmdb_id_key')) throw AppError.conflict(ErrorCode.CONFLICT, 'Another movie has this tmdb_id');
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
