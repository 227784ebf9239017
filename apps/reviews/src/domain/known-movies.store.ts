import type { Db } from '@marquee/service';
import type { KnownMovie } from './review';

/** What a movie event says about a movie at one moment. */
export interface MovieFact {
  movie_id: string;
  title: string;
  deleted: boolean;
  /** When the fact was true: the event's `time`. */
  at: Date;
}

/** The movies this service knows from movie events (a read model of the movies service's facts). */
export interface KnownMoviesStore {
  /**
   * Records the fact unless a newer one is already stored (events may arrive out of order after
   * retries); at the same instant a deletion wins. True when the stored movie changed.
   */
  apply(db: Db, fact: MovieFact): Promise<boolean>;
  /**
   * The movie, or null when no event named it. `lock` holds it against a concurrent change (a
   * deletion being applied waits for the caller's transaction, or the caller for it).
   */
  find(db: Db, movieId: string, lock?: boolean): Promise<KnownMovie | null>;
}
