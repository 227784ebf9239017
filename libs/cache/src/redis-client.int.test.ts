import { TcpProxy, waitUntil } from '@marquee/testing';
import { checkRedis, closeRedis, createRedis, type Redis } from './index';
import { recordingLogger, REDIS_URL } from '../test/cache-test-kit';

const clients: Redis[] = [];
const proxies: TcpProxy[] = [];

afterAll(async () => {
  await Promise.all(clients.map((client) => closeRedis(client)));
  await Promise.all(proxies.map((proxy) => proxy.close()));
});

async function behindProxy(name: string) {
  const target = new URL(REDIS_URL);
  const proxy = await TcpProxy.start(target.hostname, Number(target.port || 6379));
  proxies.push(proxy);
  const { logger, lines } = recordingLogger();
  // A short command timeout: ioredis leaves commands of a failed handshake with their timers
  // running (redis/ioredis#1535), and those would keep Jest waiting after the clients closed.
  const redis = createRedis({ url: proxy.url(REDIS_URL), logger, name, maxRetryDelayMs: 200, commandTimeoutMs: 300 });
  clients.push(redis);
  return { proxy, redis, lines };
}

test('when Redis is up, then checkRedis resolves', async () => {
  const redis = createRedis({ url: REDIS_URL, logger: recordingLogger().logger, name: 'check-up' });
  clients.push(redis);

  await expect(checkRedis(redis)).resolves.toBeUndefined();
});

test('when the client is lazy, then it connects on its first command', async () => {
  const redis = createRedis({ url: REDIS_URL, logger: recordingLogger().logger, name: 'lazy', lazy: true });
  clients.push(redis);
  expect(redis.status).toBe('wait');

  await checkRedis(redis);

  expect(redis.status).toBe('ready');
});

test('when Redis goes away, then commands fail fast, errors are logged once, and the client reconnects when it is back', async () => {
  const { proxy, redis, lines } = await behindProxy('outage');
  await checkRedis(redis);

  proxy.cut();
  const startedAt = Date.now();
  await expect(redis.get('anything')).rejects.toThrow();
  await expect(checkRedis(redis)).rejects.toThrow();
  expect(Date.now() - startedAt).toBeLessThan(3000);
  await waitUntil(() => lines.some((line) => line.message === 'redis still unavailable'), { message: 'repeated errors' });
  expect(lines.filter((line) => line.level === 'warn')).toHaveLength(1);

  proxy.restore();
  await waitUntil(() => checkRedis(redis).then(() => true), { message: 'reconnection' });
  expect(lines.some((line) => line.message === 'redis connection restored')).toBe(true);
});

test('when Redis is unreachable, then closeRedis still ends the client promptly', async () => {
  const { proxy, redis } = await behindProxy('close-during-outage');
  await checkRedis(redis);
  proxy.cut();

  const startedAt = Date.now();
  await closeRedis(redis);

  expect(Date.now() - startedAt).toBeLessThan(2500);
  await waitUntil(() => redis.status === 'end', { message: 'client end' });
});
