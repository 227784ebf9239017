import type { Db, MirrorSource, MirrorStore } from '@marquee/service';

/** A movie as this service knows it: enough to schedule it (runtime) and to name it. */
export interface KnownMovie {
  movie_id: string;
  title: string;
  runtime: number | null;
  is_series: boolean;
  deleted: boolean;
}

/** What a movie event (or the movies service) says about a movie at one moment. */
export interface MovieFact extends KnownMovie {
  /** When the fact was true: the event's `time`, or when movies was asked. */
  at: Date;
}

/** The read model of movies (table `movies`), a mirror of the movies service's catalogue. */
export interface KnownMoviesStore extends MirrorStore<KnownMovie> {
  /** Records the fact unless a newer one is stored; at the same instant a deletion wins. True when written. */
  apply(db: Db, fact: MovieFact): Promise<boolean>;
  /** `lock` holds the row against a concurrent change (a deletion waits for the caller's transaction). */
  find(db: Db, movieId: string, lock?: boolean): Promise<KnownMovie | null>;
}

/**
 * The movies service over HTTP (`data/movies.client.ts`): a movie (null when movies does not know
 * it, or it is deleted) or a page of the catalogue; failures are 503 AppErrors.
 */
export type MovieSource = MirrorSource<KnownMovie>;
