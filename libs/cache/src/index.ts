export {
  createRedis,
  checkRedis,
  closeRedis,
  isRedisDown,
  redisRetryDelay,
  type CreateRedisOptions,
} from './redis-client';
export { Cache, createCache, type CreateCacheOptions, type CacheWriteOptions } from './cache';
export type { Redis } from 'ioredis';
