/** An answer and where it came from. */
export interface Cached<T> {
  value: T;
  /** Served from the cache without asking PostgreSQL. */
  hit: boolean;
}

/** Short-lived cached answers of the public lists and of search, dropped whenever the catalogue changes. */
export interface ListCache {
  /** The value under `key`, loading it on a miss; `hit` is true when PostgreSQL was not asked. */
  read<T>(key: string, loader: () => Promise<T>): Promise<Cached<T>>;
  /** Drops every cached list and search answer. */
  invalidateCatalogue(): Promise<void>;
}
