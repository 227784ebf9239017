import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script run with EVALSHA, falling back to EVAL once when Redis does not know it yet
 * (first use, or after a restart or SCRIPT FLUSH).
 */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

// The fence of a load is the concatenation of every fence key that covers it; tokens are hex, so
// `|` cannot be part of one. A missing fence reads as the empty string.
const readFence = `
local function read_fence(first)
  local parts = {}
  for i = first, #KEYS do parts[#parts + 1] = redis.call('GET', KEYS[i]) or '' end
  return table.concat(parts, '|')
end
`;

const addToTags = `
local function add_to_tags(first, last, member, ttl)
  for i = first, last do
    redis.call('SADD', KEYS[i], member)
    local left = redis.call('PTTL', KEYS[i])
    if left < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
  end
end
`;

/**
 * KEYS: value, lock, fence keys…  ARGV: lock token, lock ttl (ms).
 * A hit returns {1, payload}. A miss tries the lock and returns {0, locked (0|1), fence}: the
 * fence is read in the same atomic step as the miss, before the loader can read anything.
 */
export const acquireScript = new RedisScript(`${readFence}
local payload = redis.call('GET', KEYS[1])
if payload then return {1, payload} end
local locked = redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2])
return {0, locked and 1 or 0, read_fence(3)}
`);

/**
 * KEYS: value, lock, tag sets (ARGV[5] of them), fence keys…
 * ARGV: lock token ('' when not holding it), payload, ttl (ms), fence seen at the start, tag count.
 * Writes only when no invalidation touched the key since the fence was read; always releases the
 * lock if this load still holds it. Returns 1 when written.
 */
export const commitScript = new RedisScript(`${readFence}${addToTags}
local tags = tonumber(ARGV[5])
local written = 0
if read_fence(3 + tags) == ARGV[4] then
  local ttl = tonumber(ARGV[3])
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ttl)
  add_to_tags(3, 2 + tags, KEYS[1], ttl)
  written = 1
end
if ARGV[1] ~= '' and redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return written
`);

/** KEYS: lock. ARGV: token. Releases the lock only if it is still ours. */
export const releaseScript = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * KEYS: value, key fence, tag sets…  ARGV: payload, ttl (ms), fence token, fence ttl (ms).
 * An explicit write: moves the key's fence first, so a load already running cannot overwrite it.
 */
export const setScript = new RedisScript(`${addToTags}
redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
local ttl = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
add_to_tags(3, #KEYS, KEYS[1], ttl)
return 1
`);

/** KEYS: value, key fence. ARGV: fence token, fence ttl (ms). Returns how many values went. */
export const deleteScript = new RedisScript(`
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
return redis.call('UNLINK', KEYS[1])
`);

/**
 * KEYS: pairs of (tag set, tag fence).  ARGV: fence token, fence ttl (ms).
 * Atomic per call: moves each tag's fence, then unlinks every member and the set itself, so a
 * load committing at the same moment is either deleted here or refused by its fence.
 * Returns how many values went.
 */
export const invalidateTagsScript = new RedisScript(`
local removed = 0
for i = 1, #KEYS, 2 do
  redis.call('SET', KEYS[i + 1], ARGV[1], 'PX', ARGV[2])
  local members = redis.call('SMEMBERS', KEYS[i])
  for first = 1, #members, 500 do
    removed = removed + redis.call('UNLINK', unpack(members, first, math.min(first + 499, #members)))
  end
  redis.call('UNLINK', KEYS[i])
end
return removed
`);
