import { uniquePrefix, waitUntil } from '@marquee/testing';
import { closeRedis, createCache, createRedis, type Cache, type Redis } from './index';
import { gate, recordingLogger, REDIS_URL, removeKeys } from '../test/cache-test-kit';

const prefix = uniquePrefix('cache-inv');
const otherPrefix = uniquePrefix('cache-inv-other');
const { logger } = recordingLogger();
let replicaA: Redis;
let replicaB: Redis;
let cacheA: Cache;
let cacheB: Cache;

beforeAll(() => {
  replicaA = createRedis({ url: REDIS_URL, logger, name: 'cache-inv-a' });
  replicaB = createRedis({ url: REDIS_URL, logger, name: 'cache-inv-b' });
  cacheA = createCache({ redis: replicaA, prefix, logger });
  cacheB = createCache({ redis: replicaB, prefix, logger });
});

afterAll(async () => {
  await removeKeys(replicaA, prefix);
  await removeKeys(replicaA, otherPrefix);
  await Promise.all([closeRedis(replicaA), closeRedis(replicaB)]);
});

async function cachedKeys(cache: Cache, keys: string[]): Promise<string[]> {
  const present: string[] = [];
  for (const key of keys) if ((await cache.get(key)) !== undefined) present.push(key);
  return present;
}

describe('invalidatePrefix', () => {
  test('when a prefix is invalidated, then its keys go and every other key stays', async () => {
    const other = createCache({ redis: replicaA, prefix: otherPrefix, logger });
    const keys = ['movie:1', 'movie:2', 'movie:2:reviews', 'movies-index', 'user:1', 'q[1]:a', 'q1:a', 'qx:*'];
    for (const key of keys) await cacheA.set(key, key);
    await other.set('movie:1', 'other cache');

    const removed = await cacheA.invalidatePrefix('movie:');

    expect(removed).toBe(3);
    expect(await cachedKeys(cacheA, keys)).toEqual(['movies-index', 'user:1', 'q[1]:a', 'q1:a', 'qx:*']);
    expect(await other.get('movie:1')).toBe('other cache');
  });

  test('when the prefix holds glob characters, then they match only themselves', async () => {
    const keys = ['glob[1]:a', 'glob1:a', 'glob*:a', 'globx:a'];
    for (const key of keys) await cacheA.set(key, key);

    expect(await cacheA.invalidatePrefix('glob[1]')).toBe(1);
    expect(await cacheA.invalidatePrefix('glob*')).toBe(1);
    expect(await cachedKeys(cacheA, keys)).toEqual(['glob1:a', 'globx:a']);
  });

  test('when many keys match, then SCAN walks them all', async () => {
    const keys = Array.from({ length: 2500 }, (_, i) => `bulk:${i}`);
    const pipeline = replicaA.pipeline();
    for (const key of keys) pipeline.set(`${prefix}:v:${key}`, '1', 'EX', 60);
    await pipeline.exec();

    expect(await cacheA.invalidatePrefix('bulk:')).toBe(2500);
    expect(await cacheA.get('bulk:0')).toBeUndefined();
  });
});

describe('invalidateTags', () => {
  test('when tags are invalidated, then the keys carrying any of them go with the tag sets, and the rest stays', async () => {
    await cacheA.set('movie:10', 'a', { tags: ['movie:10', 'genre:noir'] });
    await cacheA.getOrSet('movie:11', async () => 'b', { tags: ['genre:noir'] });
    await cacheA.set('movie:12', 'c', { tags: ['genre:comedy'] });
    await cacheA.set('movie:13', 'd', { tags: ['director:lang'] });
    await cacheA.set('movie:14', 'e');

    const removed = await cacheB.invalidateTags('genre:noir', 'genre:comedy');

    expect(removed).toBe(3);
    expect(await cachedKeys(cacheA, ['movie:10', 'movie:11', 'movie:12', 'movie:13', 'movie:14'])).toEqual(['movie:13', 'movie:14']);
    expect(await replicaA.exists(`${prefix}:t:genre:noir`, `${prefix}:t:genre:comedy`)).toBe(0);
    // The tag set of a key that stays still exists and expires with its values.
    expect(await replicaA.pttl(`${prefix}:t:director:lang`)).toBeGreaterThan(0);
  });

  test('when a tag is invalidated twice, then the second call removes nothing', async () => {
    await cacheA.set('show:1', 'x', { tags: ['theater:3'] });

    expect(await cacheA.invalidateTags('theater:3')).toBe(1);
    expect(await cacheA.invalidateTags('theater:3')).toBe(0);
  });
});

describe('an invalidation racing a load', () => {
  const invalidations: [string, (cache: Cache, key: string) => Promise<unknown>][] = [
    ['del', (cache, key) => cache.del(key)],
    ['invalidatePrefix', (cache, key) => cache.invalidatePrefix(key.slice(0, 6))],
    ['invalidateTags', (cache) => cache.invalidateTags('race')],
  ];

  test.each(invalidations)(
    'when %s runs on another replica while a load is in flight, then the stale result is not stored',
    async (_name, invalidate) => {
      const key = `race:${_name}`;
      const stale = gate<string>();
      let started = false;
      const loading = cacheA.getOrSet(
        key,
        () => {
          started = true;
          return stale.promise;
        },
        { tags: ['race'] },
      );
      await waitUntil(() => started);

      await invalidate(cacheB, key);
      stale.open('old');

      expect(await loading).toBe('old');
      expect(await cacheB.get(key)).toBeUndefined();
      expect(await cacheB.getOrSet(key, async () => 'new', { tags: ['race'] })).toBe('new');
      expect(await cacheA.get(key)).toBe('new');
    },
  );

  test('when a value is set while a load is in flight, then the load does not overwrite it', async () => {
    const stale = gate<string>();
    let started = false;
    const loading = cacheA.getOrSet('race:set', () => {
      started = true;
      return stale.promise;
    });
    await waitUntil(() => started);

    await cacheB.set('race:set', 'written');
    stale.open('old');

    expect(await loading).toBe('old');
    expect(await cacheA.get('race:set')).toBe('written');
  });

  test('when a key is invalidated in this process during its load, then a later caller loads afresh instead of joining', async () => {
    const stale = gate<string>();
    let started = false;
    const loading = cacheA.getOrSet('race:local', () => {
      started = true;
      return stale.promise;
    });
    await waitUntil(() => started);

    await cacheA.del('race:local');
    const fresh = cacheA.getOrSet('race:local', async () => 'new');
    stale.open('old');

    expect(await loading).toBe('old');
    expect(await fresh).toBe('new');
    expect(await cacheA.get('race:local')).toBe('new');
  });
});
