import type { Redis } from 'ioredis';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';

/** INCR, and start the window on the first hit; returns the count and the ms left in the window. */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { hits, ttl }`;

type WithIncrement = Redis & { rateLimitIncrement(key: string, windowMs: number): Promise<[number, number]> };

/**
 * A fixed-window counter in Redis, shared by every gateway replica. One atomic script per hit
 * (ioredis sends EVALSHA and falls back to EVAL after a Redis restart). Each limiter gets its own
 * store and key prefix, so two limits never share a counter.
 */
export class RedisWindowStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private readonly redis: WithIncrement;

  constructor(
    redis: Redis,
    readonly prefix: string,
  ) {
    if (!('rateLimitIncrement' in redis)) redis.defineCommand('rateLimitIncrement', { numberOfKeys: 1, lua: INCREMENT });
    this.redis = redis as WithIncrement;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const [totalHits, ttl] = await this.redis.rateLimitIncrement(this.prefix + key, this.windowMs);
    return { totalHits, resetTime: new Date(Date.now() + ttl) };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const [hits, ttl] = await Promise.all([this.redis.get(this.prefix + key), this.redis.pttl(this.prefix + key)]);
    if (hits === null) return undefined;
    return { totalHits: Number(hits), resetTime: new Date(Date.now() + Math.max(ttl, 0)) };
  }

  async decrement(key: string): Promise<void> {
    await this.redis.decr(this.prefix + key);
  }

  async resetKey(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}
