import type { Cache } from '@marquee/cache';
import type { EventCache } from '../domain/event-cache.store';

const LISTS_TAG = 'lists';
const eventTag = (id: string) => `event:${id}`;

/**
 * The events cache on Redis (the kit's cache: tags, fences, single flight). Every list answer is
 * tagged `lists`; an event's detail `event:<id>`. A change to an event, its sessions or its
 * registrations drops both tags, and the fences keep a load that started before the change from
 * storing its stale answer after it. Without a cache (EVENTS_CACHE_ENABLED=false) every read loads.
 */
export function createEventCache(cache: Cache | undefined, ttlSeconds: number): EventCache {
  if (!cache) {
    return {
      list: async (_key, loader) => ({ value: await loader(), hit: false }),
      detail: async (_id, loader) => ({ value: await loader(), hit: false }),
      changed: async () => undefined,
    };
  }
  // The loader runs only on a miss; callers that joined another caller's load report a hit,
  // since their own request did not touch PostgreSQL.
  const read = async <T>(key: string, tag: string, loader: () => Promise<T>) => {
    let loaded = false;
    const value = await cache.getOrSet(
      key,
      () => {
        loaded = true;
        return loader();
      },
      { ttlSeconds, tags: [tag] },
    );
    return { value, hit: !loaded };
  };
  return {
    list: (key, loader) => read(key, LISTS_TAG, loader),
    detail: (id, loader) => read(`event:${id}`, eventTag(id), loader),
    async changed(id) {
      await cache.invalidateTags(LISTS_TAG, eventTag(id));
    },
  };
}
