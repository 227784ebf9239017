/**
 * Redis key layout of one cache namespace (`<ns>` is the cache prefix, ending in `:`):
 *
 *   <ns>v:<key>      the JSON value, with its TTL
 *   <ns>l:<key>      single-flight lock (random token, short PX)
 *   <ns>t:<tag>      set of value keys carrying the tag (TTL ≥ the longest member's)
 *   <ns>f:k:<key>    fence of one key        ┐ random token rewritten by every invalidation;
 *   <ns>f:p:<prefix> fence of a key prefix   │ a load only writes if all fences that cover its
 *   <ns>f:t:<tag>    fence of a tag          ┘ key are what they were when it started
 *
 * Separate sub-namespaces keep `invalidatePrefix` (a SCAN over `<ns>v:<prefix>*`) away from
 * locks, tag sets and fences whatever the caller's keys look like.
 */
export class CacheKeys {
  constructor(readonly namespace: string) {}

  value(key: string): string {
    return `${this.namespace}v:${key}`;
  }

  lock(key: string): string {
    return `${this.namespace}l:${key}`;
  }

  tagSet(tag: string): string {
    return `${this.namespace}t:${tag}`;
  }

  keyFence(key: string): string {
    return `${this.namespace}f:k:${key}`;
  }

  prefixFence(prefix: string): string {
    return `${this.namespace}f:p:${prefix}`;
  }

  tagFence(tag: string): string {
    return `${this.namespace}f:t:${tag}`;
  }

  /** SCAN pattern matching every value key that starts with `prefix`. */
  valuePattern(prefix: string): string {
    return `${escapeGlob(this.value(prefix))}*`;
  }

  /**
   * Every fence an invalidation of `key` may have touched: its own, one per prefix of it (the
   * empty prefix included, so `invalidatePrefix('')` fences everything) and one per tag.
   */
  fences(key: string, tags: readonly string[]): string[] {
    const chars = Array.from(key);
    const fences = [this.keyFence(key)];
    for (let length = 0; length <= chars.length; length++) fences.push(this.prefixFence(chars.slice(0, length).join('')));
    for (const tag of tags) fences.push(this.tagFence(tag));
    return fences;
  }
}

/** Escapes Redis glob metacharacters (`* ? [ ] \`) so `text` matches only itself in SCAN MATCH. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** A namespace always ends with `:`, so `movies` and `movies:` name the same cache. */
export function normalizeNamespace(prefix: string): string {
  if (prefix === '') throw new TypeError('cache prefix must not be empty');
  return prefix.endsWith(':') ? prefix : `${prefix}:`;
}
