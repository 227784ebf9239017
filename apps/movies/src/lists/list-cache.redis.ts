import type { Cache } from '@marquee/cache';
import type { ListCache } from './list-cache.store';

const CATALOGUE_TAG = 'catalogue';

/**
 * The lists cache on Redis (public lists and search answers): every entry is tagged `catalogue`, and a catalogue change drops the
 * tag. Without a cache (MOVIES_CACHE_ENABLED=false) every read loads.
 */
export function createListCache(cache: Cache | undefined, ttlSeconds: number): ListCache {
  if (!cache) {
    return {
      read: async (_key, loader) => ({ value: await loader(), hit: false }),
      invalidateCatalogue: async () => undefined,
    };
  }
  return {
    async read(key, loader) {
      // The loader runs only on a miss; callers that joined another caller's load report a hit,
      // since their own request did not touch PostgreSQL.
      let loaded = false;
      const value = await cache.getOrSet(
        key,
        () => {
          loaded = true;
          return loader();
        },
        { ttlSeconds, tags: [CATALOGUE_TAG] },
      );
      return { value, hit: !loaded };
    },
    async invalidateCatalogue() {
      await cache.invalidateTags(CATALOGUE_TAG);
    },
  };
}
