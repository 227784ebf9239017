import { Registry } from 'prom-client';
import { sleep, uniquePrefix, waitUntil } from '@marquee/testing';
import { closeRedis, createCache, createRedis, type Redis } from './index';
import { gate, recordingLogger, REDIS_URL, removeKeys } from '../test/cache-test-kit';

const prefix = uniquePrefix('cache');
const { logger } = recordingLogger();
let replicaA: Redis;
let replicaB: Redis;

beforeAll(() => {
  replicaA = createRedis({ url: REDIS_URL, logger, name: 'cache-test-a' });
  replicaB = createRedis({ url: REDIS_URL, logger, name: 'cache-test-b' });
});

afterAll(async () => {
  await removeKeys(replicaA, prefix);
  await Promise.all([closeRedis(replicaA), closeRedis(replicaB)]);
});

/** A loader that counts its runs and takes `ms` to answer. */
function slowLoader<T>(value: T, ms = 150) {
  const loader = async () => {
    loader.runs += 1;
    await sleep(ms);
    return value;
  };
  loader.runs = 0;
  return loader;
}

describe('getOrSet', () => {
  test('when 50 callers miss the same key at once, then the loader runs once and all get its value', async () => {
    const cache = createCache({ redis: replicaA, prefix, logger });
    const loader = slowLoader({ id: 1, title: 'Metropolis' });

    const results = await Promise.all(Array.from({ length: 50 }, () => cache.getOrSet('movie:1', loader, { ttlSeconds: 60 })));

    expect(loader.runs).toBe(1);
    expect(results).toHaveLength(50);
    for (const result of results) expect(result).toEqual({ id: 1, title: 'Metropolis' });
    expect(await cache.get('movie:1')).toEqual({ id: 1, title: 'Metropolis' });
  });

  test('when two replicas miss the same key at once, then only one of them runs the loader', async () => {
    const cacheA = createCache({ redis: replicaA, prefix, logger });
    const cacheB = createCache({ redis: replicaB, prefix, logger });
    const loader = slowLoader(['Nosferatu', 'Faust'], 300);

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? cacheA : cacheB).getOrSet('movies:silent', loader, { ttlSeconds: 60 })),
    );

    expect(loader.runs).toBe(1);
    for (const result of results) expect(result).toEqual(['Nosferatu', 'Faust']);
  });

  test('when the replica holding the lock dies mid-load, then a waiting replica loads after the lock expires', async () => {
    const cacheA = createCache({ redis: replicaA, prefix, logger, lockTtlMs: 300 });
    const cacheB = createCache({ redis: replicaB, prefix, logger, lockTtlMs: 300 });
    const stuck = gate<string>();
    let started = false;
    const dying = cacheA.getOrSet('movie:dead-holder', () => {
      started = true;
      return stuck.promise;
    });
    await waitUntil(() => started);

    const startedAt = Date.now();
    const value = await cacheB.getOrSet('movie:dead-holder', async () => 'from B');

    expect(value).toBe('from B');
    expect(Date.now() - startedAt).toBeLessThan(2000);
    stuck.fail(new Error('replica A crashed'));
    await expect(dying).rejects.toThrow('replica A crashed');
    expect(await cacheB.get('movie:dead-holder')).toBe('from B');
  });

  test('when the TTL runs out, then the next call loads again', async () => {
    const cache = createCache({ redis: replicaA, prefix, logger });
    const loader = slowLoader('showtimes', 0);

    await cache.getOrSet('ttl:1', loader, { ttlSeconds: 0.3 });
    await cache.getOrSet('ttl:1', loader, { ttlSeconds: 0.3 });
    expect(loader.runs).toBe(1);

    await sleep(450);
    await cache.getOrSet('ttl:1', loader, { ttlSeconds: 0.3 });
    expect(loader.runs).toBe(2);
  });

  test('when the loader fails, then every waiting caller gets the error and nothing is cached', async () => {
    const cache = createCache({ redis: replicaA, prefix, logger });
    const failing = async () => {
      await sleep(50);
      throw new Error('database down');
    };

    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => cache.getOrSet('movie:failing', failing)));

    expect(outcomes.every((o) => o.status === 'rejected' && (o.reason as Error).message === 'database down')).toBe(true);
    expect(await cache.get('movie:failing')).toBeUndefined();
    expect(await cache.getOrSet('movie:failing', async () => 'recovered')).toBe('recovered');
  });

  test('when metrics are on, then hits, misses and loads are counted per cache', async () => {
    const registry = new Registry();
    const cache = createCache({ redis: replicaA, prefix, logger, registry, name: 'catalogue' });
    const loader = slowLoader('value', 50);

    await Promise.all([1, 2, 3].map(() => cache.getOrSet('metrics:1', loader)));
    await cache.getOrSet('metrics:1', loader);

    const text = await registry.metrics();
    expect(text).toContain('cache_misses_total{cache="catalogue"} 3');
    expect(text).toContain('cache_hits_total{cache="catalogue"} 1');
    expect(text).toContain('cache_loads_total{cache="catalogue"} 1');
    // A second cache on the same registry shares the counters under its own label.
    createCache({ redis: replicaA, prefix, logger, registry, name: 'tmdb' });
    expect(await registry.metrics()).toContain('cache_loads_total{cache="tmdb"} 0');
  });
});

describe('get, set and del', () => {
  test('when a value is set, then get returns it until it is deleted', async () => {
    const cache = createCache({ redis: replicaA, prefix, logger });

    await cache.set('user:7', { name: 'Ada', genres: ['noir'] }, { ttlSeconds: 60 });
    expect(await cache.get('user:7')).toEqual({ name: 'Ada', genres: ['noir'] });

    expect(await cache.del('user:7')).toBe(true);
    expect(await cache.get('user:7')).toBeUndefined();
    expect(await cache.del('user:7')).toBe(false);
  });

  test('when a value is set, then getOrSet serves it without loading', async () => {
    const cache = createCache({ redis: replicaA, prefix, logger });
    await cache.set('user:8', 'cached');
    const loader = slowLoader('loaded', 0);

    expect(await cache.getOrSet('user:8', loader)).toBe('cached');
    expect(loader.runs).toBe(0);
  });

  test('when the loader answers undefined, then it is returned and not cached', async () => {
    const cache = createCache({ redis: replicaA, prefix, logger });
    const loader = slowLoader(undefined, 0);

    expect(await cache.getOrSet('user:none', loader)).toBeUndefined();
    expect(await cache.getOrSet('user:none', loader)).toBeUndefined();
    expect(loader.runs).toBe(2);
  });

  test('when the TTL is not positive, then the call is refused', async () => {
    const cache = createCache({ redis: replicaA, prefix, logger });

    await expect(cache.getOrSet('bad', async () => 1, { ttlSeconds: 0 })).rejects.toThrow(RangeError);
    await expect(cache.set('bad', 1, { ttlSeconds: -1 })).rejects.toThrow(RangeError);
  });
});
