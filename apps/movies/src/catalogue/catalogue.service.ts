import { randomUUID } from 'node:crypto';
import { AppError } from '@marquee/core';
import type { DomainPlatform } from '@marquee/service';
import type { HistoryStore } from '../history/history.store';
import type { ListCache } from '../lists/list-cache.store';
import { kindProblems, movieSnapshot, yearOf, type CatalogueEntry, type Kind, type Movie, type MovieChanges, type MovieInput, type SeasonInput } from '../movie/movie';
import type { RecommendationStore } from '../recommendations/recommendations.store';
import { canonicalGenres, type Genre } from './genres';
import type { GenreStore } from './genres.store';
import type { MovieStore } from './movies.store';
import type { SeasonStore } from './seasons.store';
import { normaliseSeasons } from './series';

export const SIMILAR_LIMIT = 8;

export interface CatalogueDeps extends DomainPlatform {
  movies: MovieStore;
  seasons: SeasonStore;
  genres: GenreStore;
  /** Dropped on every change, so lists and search show it at once. */
  lists: Pick<ListCache, 'invalidateCatalogue'>;
  /** A signed-in viewer's visit is recorded. */
  history: Pick<HistoryStore, 'recordView' | 'recordActivity'>;
  /** The details show similar entries. */
  recommendations: Pick<RecommendationStore, 'similar'>;
}

export interface MovieDetails extends CatalogueEntry {
  similar: Movie[];
}

/** The catalogue: admin changes (with their events), reads by id and details, the genres. */
export class CatalogueService {
  private known?: Promise<Genre[]>;

  constructor(private readonly deps: CatalogueDeps) {}

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
    const created = await this.deps.transaction(async (client) => {
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
    const updated = await this.deps.transaction(async (client) => {
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
      await this.deps.publish(client, 'movie.deleted', movieSnapshot(row, { deleted: true }));
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
      this.deps.recommendations.similar(this.deps.db, id, SIMILAR_LIMIT),
      movie.kind === 'series' ? this.deps.seasons.forSeries(this.deps.db, id) : [],
      viewerId ? this.recordView(viewerId, id) : undefined,
    ]);
    return { movie, seasons, similar };
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
