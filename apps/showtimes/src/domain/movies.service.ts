import { backfillPages, type Db, type DomainPlatform } from '@marquee/service';
import type { KnownMovie, KnownMoviesStore, MovieSource } from './movie';

export interface MoviesDeps extends DomainPlatform {
  movies: KnownMoviesStore;
  source: MovieSource;
}

/**
 * The movies this service may schedule: a read model fed by movie events, backfilled from the
 * movies service when it is empty (this service started after the catalogue existed), and asked
 * about one id it has never heard of (a film created a moment ago, its event not delivered yet).
 */
export class MoviesService {
  constructor(private readonly deps: MoviesDeps) {}

  /**
   * The movie from the read model, else from the movies service (then remembered). Null when
   * neither knows it. `lock` is passed on to the store for the read-model row.
   */
  async find(db: Db, movieId: string, lock = false): Promise<KnownMovie | null> {
    const known = await this.deps.movies.find(db, movieId, lock);
    if (known) return known;
    const asked = new Date();
    const fetched = await this.deps.source.movie(movieId);
    if (!fetched) return null;
    // The answer is a fact as of the moment we asked: an event newer than that still wins.
    await this.deps.movies.apply(this.deps.db, { ...fetched, at: asked });
    return this.deps.movies.find(db, movieId, lock);
  }

  /**
   * Fills the read model from the movies service, page by page, until that has gone through once;
   * false when it already had. "Done" is recorded rather than judged by an empty table: events
   * may add a few movies while movies is down at start, and a half-done pass must run again.
   * Upserts with the time of asking, so an event newer than the page wins whatever the order.
   */
  async backfillIfNeeded(signal?: AbortSignal): Promise<boolean> {
    if (await this.deps.movies.backfilled(this.deps.db)) return false;
    const stored = await backfillPages({
      fetchPage: async (page, limit) => {
        const { movies: items, totalPages } = await this.deps.source.page(page, limit);
        return { items, totalPages };
      },
      apply: (item, asked) => this.deps.movies.apply(this.deps.db, { ...item, at: asked }),
      signal,
    });
    if (stored === null) return false;
    await this.deps.movies.markBackfilled(this.deps.db, stored);
    this.deps.logger.info('movie read model backfilled from the movies service', { movies: stored });
    return true;
  }
}
