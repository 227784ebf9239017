import type { Db } from '@marquee/service';
import type { Movie, MovieChanges, MovieInput } from '../movie/movie';

/** The catalogue entries, as the catalogue, the TMDb import and the demo seed need them. Deleted entries are never read. */
export interface MovieStore {
  /** A new entry; a 409 AppError when another entry of its kind has its `tmdb_id`. */
  insert(db: Db, id: string, movie: MovieInput): Promise<Movie>;
  /**
   * Inserts, or updates the entry of the same kind with the same `tmdb_id` (`created` says which).
   * Null when that entry was deleted: an import does not bring back what an admin removed.
   */
  upsertByTmdbId(db: Db, id: string, movie: MovieInput): Promise<{ movie: Movie; created: boolean } | null>;
  /** `forUpdate` locks the row until the transaction of `db` ends. */
  findById(db: Db, id: string, options?: { forUpdate?: boolean }): Promise<Movie | null>;
  exists(db: Db, id: string): Promise<boolean>;
  /** Applies the fields given; null when there is no such entry, a 409 AppError when the new `tmdb_id` is taken. */
  update(db: Db, id: string, changes: MovieChanges): Promise<Movie | null>;
  /** Marks the entry deleted (the row stays); null when there is none. */
  softDelete(db: Db, id: string): Promise<Movie | null>;
  /** Fresh planner statistics after a bulk load. */
  analyze(db: Db): Promise<void>;
  /** Every entry ever stored, deleted ones included. */
  countAll(db: Db): Promise<number>;
}
