/** One page of what the owner of a collection answers (API.md's list shape, already checked). */
export interface SourcePage<T> {
  items: T[];
  totalPages: number;
}

export interface BackfillPagesOptions<T> {
  /** Asks the owner for one page (`page` from 1). */
  fetchPage(page: number, limit: number): Promise<SourcePage<T>>;
  /** Stores one item as a fact of `asked` (so an event newer than the page still wins). */
  apply(item: T, asked: Date): Promise<unknown>;
  /** Aborted: stop between pages; the pass is then unfinished. */
  signal?: AbortSignal;
  /** Default 100 (API.md's largest page). */
  pageSize?: number;
  /** A bound on a runaway owner (or one that always says "more"); default 10 000. */
  maxPages?: number;
}

/**
 * A read model's backfill pass over the paged list of the service that owns the data: page by
 * page until the last, each item applied with the time its page was asked. Resolves to how many
 * items were stored, or null when `signal` ended the pass early (record nothing as done then).
 * Whether a pass is needed (and recording that one has completed) is the read model's business.
 */
export async function backfillPages<T>(options: BackfillPagesOptions<T>): Promise<number | null> {
  const { fetchPage, apply, signal, pageSize = 100, maxPages = 10_000 } = options;
  let stored = 0;
  for (let page = 1; page <= maxPages; page++) {
    if (signal?.aborted) return null;
    const asked = new Date();
    const { items, totalPages } = await fetchPage(page, pageSize);
    for (const item of items) await apply(item, asked);
    stored += items.length;
    if (page >= totalPages || items.length === 0) break;
  }
  return stored;
}
