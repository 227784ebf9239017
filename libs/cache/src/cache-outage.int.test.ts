import { TcpProxy, uniquePrefix, waitUntil } from '@marquee/testing';
import { checkRedis, closeRedis, createCache, createRedis, type Cache, type Redis } from './index';
import { recordingLogger, REDIS_URL, removeKeys } from '../test/cache-test-kit';

const prefix = uniquePrefix('cache-outage');
const { logger, lines } = recordingLogger();
let proxy: TcpProxy;
let redis: Redis;
let direct: Redis;
let cache: Cache;

beforeAll(async () => {
  const target = new URL(REDIS_URL);
  proxy = await TcpProxy.start(target.hostname, Number(target.port || 6379));
  // A short command timeout: ioredis leaves commands of a failed handshake with their timers
  // running (redis/ioredis#1535), and those would keep Jest waiting after the clients closed.
  redis = createRedis({ url: proxy.url(REDIS_URL), logger, name: 'cache-outage', maxRetryDelayMs: 200, commandTimeoutMs: 300 });
  direct = createRedis({ url: REDIS_URL, logger, name: 'cache-outage-direct' });
  cache = createCache({ redis, prefix, logger });
});

afterAll(async () => {
  await closeRedis(redis);
  await proxy.close();
  await removeKeys(direct, prefix);
  await closeRedis(direct);
});

function countingLoader(value: string) {
  const loader = async () => {
    loader.runs += 1;
    return value;
  };
  loader.runs = 0;
  return loader;
}

test('when Redis is cut, then getOrSet answers from the loader, and caching resumes once it is back', async () => {
  const before = countingLoader('before');
  await cache.getOrSet('movie:1', before);
  await cache.getOrSet('movie:1', before);
  expect(before.runs).toBe(1);

  proxy.cut();
  const during = countingLoader('during');
  const startedAt = Date.now();
  const answers = [];
  for (let i = 0; i < 5; i++) answers.push(await cache.getOrSet('movie:1', during));
  answers.push(...(await Promise.all(Array.from({ length: 20 }, () => cache.getOrSet('movie:2', during)))));

  expect(answers.every((answer) => answer === 'during')).toBe(true);
  expect(Date.now() - startedAt).toBeLessThan(3000);
  expect(during.runs).toBe(6); // nothing cached; concurrent callers in this process still share one load
  expect(await cache.get('movie:1')).toBeUndefined();
  await expect(checkRedis(redis)).rejects.toThrow();
  await expect(cache.invalidateTags('anything')).rejects.toThrow();
  expect(lines.filter((line) => line.message === 'cache unavailable, serving from loaders')).toHaveLength(1);

  proxy.restore();
  await waitUntil(() => checkRedis(redis).then(() => true), { timeoutMs: 10_000, message: 'redis to reconnect' });
  const after = countingLoader('after');
  expect(await cache.getOrSet('movie:3', after)).toBe('after');
  expect(await cache.getOrSet('movie:3', after)).toBe('after');
  expect(after.runs).toBe(1);
  expect(await cache.getOrSet('movie:1', after)).toBe('before');
  expect(lines.filter((line) => line.message === 'cache available again')).toHaveLength(1);
});
