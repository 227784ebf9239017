import { backfillMirror, learnFromOwner, type Db, type DomainPlatform } from '@marquee/service';
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
    if (!(await learnFromOwner(this.mirror, movieId))) return null;
    return this.deps.movies.find(db, movieId, lock);
  }

  /** Fills the read model from the movies service unless that has gone through once (see `backfillMirror`). */
  backfillIfNeeded(signal?: AbortSignal): Promise<boolean> {
    return backfillMirror(this.mirror, signal);
  }

  private get mirror() {
    return { db: this.deps.db, logger: this.deps.logger, store: this.deps.movies, source: this.deps.source, name: 'movie read model' };
  }
}
