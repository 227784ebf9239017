import type { Logger } from '@marquee/core';
import { z } from 'zod';
import type { Db } from './domain-platform';
import { every, type Job } from './jobs';
import type { ServiceClient } from './service-client';

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

/**
 * The local store of a read model that mirrors another service's collection (movies in showtimes,
 * users in notifications and videos): facts upserted "newer wins", and a record that one backfill
 * pass has completed.
 */
export interface MirrorStore<T> {
  /** Records the fact unless a newer one is stored. */
  apply(db: Db, fact: T & { at: Date }): Promise<unknown>;
  /** Whether a backfill pass has completed once. */
  backfilled(db: Db): Promise<boolean>;
  markBackfilled(db: Db, items: number): Promise<void>;
}

/** The service that owns the collection: one item (null when it does not know it), or one page. */
export interface MirrorSource<T> {
  one(id: string): Promise<T | null>;
  page(page: number, limit: number): Promise<SourcePage<T>>;
}

export interface MirrorDeps<T> {
  db: Db;
  logger: Logger;
  store: MirrorStore<T>;
  source: MirrorSource<T>;
  /** For the log line: "movie read model". */
  name: string;
}

/**
 * Fills a mirror from its owner, page by page, unless a pass has already gone through; false when
 * it had, or when `signal` ended this pass early. "Done" is recorded rather than judged by an
 * empty table: events may add a few items while the owner is down at start, and a half-done pass
 * must run again. Items are applied as facts of the moment their page was asked, so an event
 * newer than the page wins whatever the order.
 */
export async function backfillMirror<T>(deps: MirrorDeps<T>, signal?: AbortSignal): Promise<boolean> {
  if (await deps.store.backfilled(deps.db)) return false;
  const stored = await backfillPages({
    fetchPage: (page, limit) => deps.source.page(page, limit),
    apply: (item, asked) => deps.store.apply(deps.db, { ...item, at: asked }),
    signal,
  });
  if (stored === null) return false;
  await deps.store.markBackfilled(deps.db, stored);
  deps.logger.info(`${deps.name} backfilled from its owner`, { items: stored });
  return true;
}

/**
 * Asks the owner about one id the mirror has never heard of (an item created a moment ago, its
 * event not delivered yet) and remembers the answer as a fact of the moment of asking, so an
 * event newer than that still wins. Null when the owner does not know it either.
 */
export async function learnFromOwner<T>(deps: Pick<MirrorDeps<T>, 'db' | 'store' | 'source'>, id: string): Promise<T | null> {
  const asked = new Date();
  const fetched = await deps.source.one(id);
  if (fetched) await deps.store.apply(deps.db, { ...fetched, at: asked });
  return fetched;
}

/**
 * `learnFromOwner` for each of `ids` (once each), in order. When the owner cannot be reached, it
 * stops asking and answers what it learnt so far, with a warning: a page is shown with what is
 * missing left out rather than not at all. Ids the owner does not know are absent from the answer.
 */
export async function learnManyFromOwner<T>(deps: Pick<MirrorDeps<T>, 'db' | 'store' | 'source' | 'logger' | 'name'>, ids: Iterable<string>): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  for (const id of new Set(ids)) {
    let item: T | null;
    try {
      item = await learnFromOwner(deps, id);
    } catch (error) {
      deps.logger.warn(`${deps.name}: the owner could not be asked; answered without what it lacks`, {
        id,
        error: error instanceof Error ? error.message : String(error),
      });
      break;
    }
    if (item) found.set(id, item);
  }
  return found;
}

export interface OwnerCollectionOptions<S extends z.ZodType, T> {
  /** The collection's path on the owner: `GET <path>?page=&limit=` and `GET <path>/{id}`. */
  path: string;
  /** What one item of the owner's answers must look like (only what the mirror needs). */
  item: S;
  map(item: z.output<S>): T;
  /** Bearer token for the owner (INTERNAL_TOKEN for internal routes). */
  token?: string;
}

/**
 * An owner's collection over HTTP in API.md's list shape, through the shared service client:
 * failures reach the caller as 503 AppErrors. A list route that answers 404 is the owner
 * misconfigured, not an empty collection.
 */
export class OwnerCollection<S extends z.ZodType, T> implements MirrorSource<T> {
  private readonly pageSchema;

  constructor(
    private readonly client: ServiceClient,
    private readonly options: OwnerCollectionOptions<S, T>,
  ) {
    this.pageSchema = z.object({ items: z.array(options.item), total_pages: z.number().int().min(0) });
  }

  async one(id: string): Promise<T | null> {
    try {
      const item = await this.client.get(`${this.options.path}/${encodeURIComponent(id)}`, this.options.item, { token: this.options.token });
      return item === null ? null : this.options.map(item);
    } catch (error) {
      throw this.client.toAppError(error);
    }
  }

  async page(page: number, limit: number): Promise<SourcePage<T>> {
    try {
      const body = await this.client.get(`${this.options.path}?page=${page}&limit=${limit}`, this.pageSchema, { token: this.options.token });
      if (body === null) throw this.client.toAppError(new Error(`${this.options.path} answered 404`));
      return { items: body.items.map((item) => this.options.map(item as z.output<S>)), totalPages: body.total_pages };
    } catch (error) {
      throw this.client.toAppError(error);
    }
  }
}

/**
 * A mirror's backfill as a job: once at start in the background, then each interval until one
 * pass has completed (the owner was down at start); under the job's lock, so replicas never fetch
 * the same pages side by side. A failure is logged and tried again at the next turn; the job's
 * signal ends a pass in flight (between pages) when the service stops.
 */
export function backfillJob(name: string, intervalMs: number, backfill: (signal: AbortSignal) => Promise<unknown>): Job {
  return every(
    name,
    intervalMs,
    async ({ signal, logger }) => {
      try {
        await backfill(signal);
      } catch (error) {
        if (signal.aborted) return;
        logger.warn(`${name} failed; it is tried again later`, { error: error instanceof Error ? error.message : String(error) });
      }
    },
    { atStart: true },
  );
}
