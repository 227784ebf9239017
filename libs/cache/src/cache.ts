import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Logger, Registry } from '@marquee/core';
import { CacheKeys, normalizeNamespace } from './cache-keys';
import { createCacheMetrics, type CacheMetrics } from './cache-metrics';
import {
  acquireScript,
  commitScript,
  deleteScript,
  invalidateTagsScript,
  releaseScript,
  setScript,
} from './cache-scripts';
import { isRedisDown, withTimeout } from './redis-client';

export interface CreateCacheOptions {
  redis: Redis;
  /** Namespace of every key of this cache, e.g. `movies:cache:` (a trailing `:` is added if missing). */
  prefix: string;
  logger: Logger;
  /** Prometheus registry for `cache_hits_total`, `cache_misses_total` and `cache_loads_total`. */
  registry?: Registry;
  /** Value of the `cache` label and of `cache` in logs; defaults to the prefix without its `:`. */
  name?: string;
  /** TTL when a call gives none. Default 300. */
  defaultTtlSeconds?: number;
  /** How long the cross-process single-flight lock lives; a dead holder delays others this long. Default 5000. */
  lockTtlMs?: number;
  /** How long a caller waits for another process's load before loading itself. Default `lockTtlMs`. */
  waitTimeoutMs?: number;
  /** Each Redis round trip of the cache fails after this long (then reads degrade). Default 1000. */
  timeoutMs?: number;
}

export interface CacheWriteOptions {
  /** Lifetime of the value; the cache's default when absent. Fractions are allowed (ms precision). */
  ttlSeconds?: number;
  /** Tags for `invalidateTags`. */
  tags?: readonly string[];
}

interface Outcome {
  value: unknown;
  /** Answered from Redis (possibly after waiting for another process to fill it). */
  hit: boolean;
}

interface Flight {
  promise: Promise<Outcome>;
  tags: readonly string[];
}

type AcquireReply = { payload: string } | { payload?: undefined; locked: boolean; fence: string };

// Fences live this long after an invalidation. A load that ran longer than half of it is not
// written, so a fence can never expire (and read as "untouched") while a load it should stop is
// still running.
const FENCE_TTL_MS = 120_000;
const MAX_FENCED_LOAD_MS = FENCE_TTL_MS / 2;

/**
 * Cache-aside over Redis with JSON values, TTLs, tags and single-flight loading.
 *
 * Reads degrade: when Redis is unreachable `getOrSet` calls the loader and `get` reports a miss,
 * logging once per outage. Writes and invalidations reject, because a lost invalidation would
 * leave stale values behind once Redis is back; the caller decides whether that matters.
 *
 * Staleness and invalidation. Every invalidation (`del`, `set`, `invalidatePrefix`,
 * `invalidateTags`) first rewrites a random "fence" token for what it covers (the key, the
 * prefix, each tag). A load reads all fences covering its key (the key's own, every prefix of the
 * key, each tag) atomically with its cache miss, before the loader runs, and writes its result
 * only if those fences are unchanged (checked in the same Lua script as the write). So a load
 * that started before an invalidation can never store its result after it, and one that started
 * after sees the new data. In this process, an invalidation also detaches matching in-flight
 * loads, so later callers start a fresh load instead of joining a stale one. (Callers in other
 * processes that already joined a load still get its result; it is just not stored.)
 *
 * Metrics count per caller: a hit is an answer from Redis (also after waiting for another
 * process's load), a miss any other answer; a load is one run of a loader.
 *
 * Needs a single Redis (with or without replicas), not Redis Cluster: the scripts touch keys that
 * may hash to different slots.
 */
export class Cache {
  private readonly redis: Redis;
  private readonly logger: Logger;
  private readonly keys: CacheKeys;
  private readonly metrics: CacheMetrics;
  private readonly defaultTtlMs: number;
  private readonly lockTtlMs: number;
  private readonly waitTimeoutMs: number;
  private readonly timeoutMs: number;
  private readonly flights = new Map<string, Flight>();
  private degraded = false;
  /** Name of this cache in logs and in the `cache` metric label. */
  readonly name: string;

  constructor(options: CreateCacheOptions) {
    const namespace = normalizeNamespace(options.prefix);
    this.redis = options.redis;
    this.logger = options.logger;
    this.keys = new CacheKeys(namespace);
    this.name = options.name ?? namespace.slice(0, -1);
    this.metrics = createCacheMetrics(options.registry, this.name);
    this.defaultTtlMs = toTtlMs(options.defaultTtlSeconds ?? 300);
    this.lockTtlMs = options.lockTtlMs ?? 5000;
    this.waitTimeoutMs = options.waitTimeoutMs ?? this.lockTtlMs;
    this.timeoutMs = options.timeoutMs ?? 1000;
  }

  /**
   * Returns the cached value of `key`, or runs `loader`, caches its result for `ttlSeconds` and
   * returns it. Concurrent misses of one key run one loader: callers in this process share its
   * promise, and other processes wait on a short Redis lock, polling for the value (and load
   * themselves if the holder has not delivered within `waitTimeoutMs`). A loader's error reaches
   * every caller waiting on it and is not cached; an `undefined` result is returned, not cached.
   * If Redis is unreachable the loader's result is returned uncached.
   */
  async getOrSet<T>(key: string, loader: () => Promise<T>, options: CacheWriteOptions = {}): Promise<T> {
    const ttlMs = options.ttlSeconds === undefined ? this.defaultTtlMs : toTtlMs(options.ttlSeconds);
    const tags = options.tags ?? [];
    let flight = this.flights.get(key);
    if (!flight) {
      const promise = this.fill(key, loader, ttlMs, tags).finally(() => {
        if (this.flights.get(key) === flight) this.flights.delete(key);
      });
      flight = { promise, tags };
      this.flights.set(key, flight);
    }
    return flight.promise.then(({ value, hit }) => {
      if (hit) this.metrics.hit();
      else this.metrics.miss();
      return value as T;
    });
  }

  /** The cached value of `key`, or `undefined` on a miss (or when Redis is unreachable). */
  async get<T>(key: string): Promise<T | undefined> {
    let payload: string | null;
    try {
      payload = await this.call(() => this.redis.get(this.keys.value(key)));
      this.markUp();
    } catch (error) {
      this.markDown(error);
      payload = null;
    }
    const decoded = payload === null ? undefined : this.decode(key, payload);
    if (decoded) this.metrics.hit();
    else this.metrics.miss();
    return decoded?.value as T | undefined;
  }

  /**
   * Stores `value` (as JSON) under `key`, replacing what was there; a load of `key` already in
   * flight will not overwrite it. Rejects if Redis is unreachable.
   */
  async set<T>(key: string, value: T, options: CacheWriteOptions = {}): Promise<void> {
    const ttlMs = options.ttlSeconds === undefined ? this.defaultTtlMs : toTtlMs(options.ttlSeconds);
    const payload = JSON.stringify(value);
    if (payload === undefined) throw new TypeError('cannot cache undefined');
    const tags = options.tags ?? [];
    this.flights.delete(key);
    await this.call(() =>
      setScript.run(
        this.redis,
        [this.keys.value(key), this.keys.keyFence(key), ...tags.map((tag) => this.keys.tagSet(tag))],
        [payload, ttlMs, newToken(), FENCE_TTL_MS],
      ),
    );
  }

  /** Removes `key`; a load of it already in flight will not store its result. Resolves whether a value was removed. */
  async del(key: string): Promise<boolean> {
    this.flights.delete(key);
    const removed = await this.call(() =>
      deleteScript.run(this.redis, [this.keys.value(key), this.keys.keyFence(key)], [newToken(), FENCE_TTL_MS]),
    );
    return removed === 1;
  }

  /**
   * Removes every key that starts with `prefix` (`''` empties the cache), walking the keyspace
   * with SCAN and UNLINK, never KEYS. Loads under the prefix already in flight will not store
   * their results. Resolves how many values were removed.
   */
  async invalidatePrefix(prefix: string): Promise<number> {
    // The fence moves before the walk: a load that commits during the walk either wrote before
    // the fence moved (and SCAN, which returns every key present for the whole walk, finds it)
    // or is refused by it.
    await this.call(() => this.redis.set(this.keys.prefixFence(prefix), newToken(), 'PX', FENCE_TTL_MS));
    for (const key of this.flights.keys()) if (key.startsWith(prefix)) this.flights.delete(key);
    let removed = 0;
    let cursor = '0';
    do {
      const [next, found] = await this.call(() =>
        this.redis.scan(cursor, 'MATCH', this.keys.valuePattern(prefix), 'COUNT', 1000),
      );
      cursor = next;
      if (found.length > 0) removed += await this.call(() => this.redis.unlink(...found));
    } while (cursor !== '0');
    return removed;
  }

  /**
   * Removes every key stored with any of `tags`, and the tags' key sets. Loads with one of these
   * tags already in flight will not store their results. Resolves how many values were removed.
   */
  async invalidateTags(...tags: string[]): Promise<number> {
    if (tags.length === 0) return 0;
    for (const [key, flight] of this.flights) {
      if (flight.tags.some((tag) => tags.includes(tag))) this.flights.delete(key);
    }
    const keys = tags.flatMap((tag) => [this.keys.tagSet(tag), this.keys.tagFence(tag)]);
    const removed = await this.call(() => invalidateTagsScript.run(this.redis, keys, [newToken(), FENCE_TTL_MS]));
    return Number(removed);
  }

  private async fill(key: string, loader: () => Promise<unknown>, ttlMs: number, tags: readonly string[]): Promise<Outcome> {
    const valueKey = this.keys.value(key);
    const lockKey = this.keys.lock(key);
    const fences = this.keys.fences(key, tags);
    const token = newToken();
    const deadline = Date.now() + this.waitTimeoutMs;
    for (let delayMs = 10; ; delayMs = Math.min(delayMs * 2, 100)) {
      const startedAt = Date.now();
      let reply: AcquireReply;
      try {
        reply = parseAcquire(
          await this.call(() => acquireScript.run(this.redis, [valueKey, lockKey, ...fences], [token, this.lockTtlMs])),
        );
        this.markUp();
      } catch (error) {
        this.markDown(error);
        return { value: await this.load(loader), hit: false };
      }

      if (reply.payload !== undefined) {
        const decoded = this.decode(key, reply.payload);
        if (decoded) return { value: decoded.value, hit: true };
        await this.call(() => this.redis.unlink(valueKey)).catch(() => undefined);
        if (Date.now() >= deadline) return { value: await this.load(loader), hit: false };
      } else if (reply.locked || Date.now() >= deadline) {
        // Past the deadline the holder is alive but slow (a dead one's lock would have expired):
        // load without the lock, still fenced.
        const held = reply.locked ? token : '';
        const value = await this.loadAndStore(key, loader, { ttlMs, tags, token: held, fence: reply.fence, startedAt });
        return { value, hit: false };
      }
      await sleep(delayMs);
    }
  }

  private async loadAndStore(
    key: string,
    loader: () => Promise<unknown>,
    { ttlMs, tags, token, fence, startedAt }: { ttlMs: number; tags: readonly string[]; token: string; fence: string; startedAt: number },
  ): Promise<unknown> {
    let value: unknown;
    try {
      value = await this.load(loader);
    } catch (error) {
      if (token) await this.release(key, token);
      throw error;
    }
    const payload = this.encode(key, value);
    if (payload === undefined || Date.now() - startedAt > MAX_FENCED_LOAD_MS) {
      if (token) await this.release(key, token);
      return value;
    }
    try {
      const keys = [
        this.keys.value(key),
        this.keys.lock(key),
        ...tags.map((tag) => this.keys.tagSet(tag)),
        ...this.keys.fences(key, tags),
      ];
      const written = await this.call(() => commitScript.run(this.redis, keys, [token, payload, ttlMs, fence, tags.length]));
      this.markUp();
      if (written !== 1) this.logger.debug('cache load not stored: invalidated while loading', { cache: this.name, key });
    } catch (error) {
      this.markDown(error);
    }
    return value;
  }

  private load(loader: () => Promise<unknown>): Promise<unknown> {
    this.metrics.load();
    return Promise.resolve().then(loader);
  }

  /** Best effort: a lock we cannot release expires by itself. */
  private async release(key: string, token: string): Promise<void> {
    try {
      await this.call(() => releaseScript.run(this.redis, [this.keys.lock(key)], [token]));
    } catch {
      // expires after lockTtlMs
    }
  }

  /** One Redis round trip: fails at once when the client is down, and after `timeoutMs` at most. */
  private call<T>(operation: () => Promise<T>): Promise<T> {
    if (isRedisDown(this.redis)) return Promise.reject(new Error(`redis is not connected (${this.redis.status})`));
    return withTimeout(operation(), this.timeoutMs, `redis did not answer within ${this.timeoutMs} ms`);
  }

  private encode(key: string, value: unknown): string | undefined {
    try {
      return JSON.stringify(value);
    } catch (error) {
      this.logger.error('cache value cannot be serialised, not cached', { cache: this.name, key, error });
      return undefined;
    }
  }

  private decode(key: string, payload: string): { value: unknown } | undefined {
    try {
      return { value: JSON.parse(payload) };
    } catch {
      this.logger.warn('cache value is not valid JSON, dropping it', { cache: this.name, key });
      return undefined;
    }
  }

  private markDown(error: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn('cache unavailable, serving from loaders', { cache: this.name, error: message });
  }

  private markUp(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.logger.info('cache available again', { cache: this.name });
  }
}

/** Creates a {@link Cache}; see {@link CreateCacheOptions} for the defaults. */
export function createCache(options: CreateCacheOptions): Cache {
  return new Cache(options);
}

function toTtlMs(ttlSeconds: number): number {
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) throw new RangeError(`ttlSeconds must be a positive number, got ${ttlSeconds}`);
  return Math.max(1, Math.round(ttlSeconds * 1000));
}

function newToken(): string {
  return randomBytes(12).toString('hex');
}

function parseAcquire(reply: unknown): AcquireReply {
  if (!Array.isArray(reply)) throw new Error('unexpected reply from the cache acquire script');
  const [hit, second, fence] = reply as [number, string | number, string?];
  if (hit === 1) return { payload: String(second) };
  return { locked: second === 1, fence: fence ?? '' };
}
