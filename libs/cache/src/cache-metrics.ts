import { Counter } from 'prom-client';
import type { Registry } from '@marquee/core';

/** The three counters of one cache, labelled `cache=<name>`. */
export interface CacheMetrics {
  hit(): void;
  miss(): void;
  load(): void;
}

const noop = () => undefined;

/**
 * Counters shared by every cache on the registry (a service may run several caches), created on
 * first use. Without a registry every call is a no-op.
 */
export function createCacheMetrics(registry: Registry | undefined, cache: string): CacheMetrics {
  if (!registry) return { hit: noop, miss: noop, load: noop };
  const hits = counter(registry, 'cache_hits_total', 'Cache lookups answered from Redis.');
  const misses = counter(registry, 'cache_misses_total', 'Cache lookups not answered from Redis.');
  const loads = counter(registry, 'cache_loads_total', 'Loader runs after a cache miss.');
  const labels = { cache };
  // Start each series at 0 so a rate() over a fresh process is defined.
  for (const metric of [hits, misses, loads]) metric.inc(labels, 0);
  return {
    hit: () => hits.inc(labels),
    miss: () => misses.inc(labels),
    load: () => loads.inc(labels),
  };
}

function counter(registry: Registry, name: string, help: string): Counter<'cache'> {
  const existing = registry.getSingleMetric(name);
  if (existing) {
    if (!(existing instanceof Counter)) throw new Error(`metric ${name} is already registered and is not a counter`);
    return existing as Counter<'cache'>;
  }
  return new Counter({ name, help, labelNames: ['cache'], registers: [registry] });
}
