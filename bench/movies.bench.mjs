// What does the movies service's Redis list cache buy, and how fast is search through the gateway?
// Two movies processes run side by side on one seeded database (the 266-film demo catalogue): one
// with MOVIES_CACHE_ENABLED=true, one with it false. A gateway process points at the cache-on one.
//   1. GET /api/movies/popular straight to each movies process: req/s cache on ÷ cache off
//      (target ≥ 5).
//   2. GET /api/movies/search?q=<term>, the terms taken in turn from a list of ~35 realistic
//      searches (titles, prefixes such as "incep", actors, genres, typos such as "godfater", the
//      stop word "the"): a wrk Lua script whose request() cycles through the paths, so no single
//      cached or uncached answer stands for search. Three variants, each with req/s, p50, p99:
//        - through the gateway to the cache-on process (target: p99 < 50 ms);
//        - straight to the cache-on process;
//        - straight to the cache-off process: every request runs the search SQL (its raw cost).
//      Cached answers live MOVIES_LIST_TTL_SEC (60 s), so over the run each term misses again
//      about once a minute. The gateway's search rate limit is set too high to refuse, so every
//      request still pays its Redis check.
// Every variant runs ROUNDS times, interleaved; the best round (by req/s) is kept per variant, and
// the worst p99 over the rounds is shown too. Any non-2xx answer or socket error makes the run
// invalid: it is printed and the process exits 1. Before measuring, every term must find at least
// one film, and the cache-on, cache-off and gateway answers to it must be identical.
// Env: BENCH_SECONDS (10), BENCH_CONNECTIONS (50), BENCH_ROUNDS (2), BENCH_SEARCH_TERMS (comma-separated; the list below).
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { createMigratedTestDatabase, freePort, uniquePrefix } from '@marquee/testing';
import { requireWrk, wrk, fmt } from './lib/wrk.mjs';
import { NodeProcess, REPO_ROOT } from '../apps/gateway/test/support/processes.ts';
import { startGatewayProcess } from '../apps/gateway/test/support/gateway-stack.ts';
import { deleteBrokerNames } from '../apps/gateway/test/support/users-process.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
// What people type: whole titles, title prefixes, actors, genres, typos (the last ones reach the
// trigram fallback: nothing else matches them), and the stop word "the".
const DEFAULT_SEARCH_TERMS = [
  'inception', 'the dark knight', 'interstellar', 'the matrix', 'pulp fiction', 'parasite', 'toy story', 'spirited away',
  'lord of the rings', 'star wars', 'blade runner',
  'incep', 'godf', 'avenge', 'jura', 'termin', 'harry pot',
  'tom hanks', 'leonardo dicaprio', 'de niro', 'al pacino', 'keanu reeves', 'song kang-ho', 'emily blunt',
  'horror', 'science fiction', 'animation', 'western', 'documentary',
  'godfater', 'inceptoin', 'interstelar', 'shawshenk', 'gladiatr', 'pulp fictoin',
  'the',
];
const SEARCH_TERMS = (process.env.BENCH_SEARCH_TERMS?.split(',') ?? DEFAULT_SEARCH_TERMS).map((t) => t.trim()).filter(Boolean);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const SEARCH_LIMIT = '1000000000';
const CACHE_TARGET = 5;
const P99_TARGET_MS = 50;
requireWrk();

const prefix = uniquePrefix('bench-movies'); // RabbitMQ names: test.bench-movies.<pid>.<hex>.
const cachePrefix = prefix.replace(/\.$/, '-'); // Redis keys: <cachePrefix>movies:lists:…, …movies:tmdb:…
const rateLimitPrefix = `${uniquePrefix('bench-rl')}:`;

/** Every wrk run, warm-ups included, so an invalid run cannot hide in a warm-up. */
const invalid = [];
/** `target`: a URL, or `{ url, paths }` for a run cycling through the paths (a wrk Lua script). */
async function measure(name, target, durationSec = SECONDS) {
  const result = await wrk({ ...(typeof target === 'string' ? { url: target } : target), connections: CONNECTIONS, durationSec });
  if (result.non2xx || result.errors || !(result.requests > 0)) {
    invalid.push(`${name}: ${result.non2xx} non-2xx, ${result.errors} socket errors, ${result.requests} requests`);
    console.log(`  INVALID ${name}: ${result.non2xx} non-2xx, ${result.errors} socket errors`);
  }
  return result;
}

async function getJson(url) {
  const res = await fetch(url);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${text}`);
  return { body: JSON.parse(text), headers: res.headers };
}

/** Interleaves the variants over ROUNDS; per variant the best round by req/s, and the worst p99. */
async function rounds(variants) {
  for (const [name, target] of Object.entries(variants)) await measure(`${name} (warm-up)`, target, 2);
  const best = {};
  const worstP99 = {};
  const totals = {};
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, target] of Object.entries(variants)) {
      const result = await measure(`${name} round ${round}`, target);
      if (!best[name] || result.rps > best[name].rps) best[name] = result;
      worstP99[name] = Math.max(worstP99[name] ?? 0, result.p99);
      totals[name] = (totals[name] ?? 0) + result.non2xx;
    }
  }
  return { best, worstP99, totals };
}

const row = (name, r, worst, non2xx) =>
  `${name.padEnd(34)} ${fmt(r.rps, 0).padStart(7)}  ${fmt(r.p50, 2).padStart(7)}  ${fmt(r.p99, 2).padStart(7)}  ${fmt(worst, 2).padStart(10)}  ${String(non2xx).padStart(7)}`;
const HEADER = `${'variant'.padEnd(34)} ${'req/s'.padStart(7)}  ${'p50 ms'.padStart(7)}  ${'p99 ms'.padStart(7)}  ${'worst p99'.padStart(10)}  ${'non-2xx'.padStart(7)}`;

async function deleteRedisKeys(patterns) {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    await redis.connect();
    for (const pattern of patterns) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length) deleted += await redis.unlink(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}

const globEscape = (text) => text.replace(/[*?[\]\\]/g, '\\$&');

let db;
let gateway;
const movies = [];
let failure;
try {
  db = await createMigratedTestDatabase('movies', path.join(REPO_ROOT, 'apps/movies/src/migrations'));

  const startMovies = async (label, cacheEnabled) => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const proc = new NodeProcess(
      `movies(${label})`,
      'apps/movies/src/main.ts',
      {
        HOST: '127.0.0.1',
        PORT: String(port),
        MOVIES_DATABASE_URL: db.url,
        REDIS_URL,
        AMQP_URL,
        AMQP_PREFIX: prefix,
        MOVIES_CACHE_ENABLED: String(cacheEnabled),
        CACHE_PREFIX: cachePrefix,
        SEED_DEMO: 'true',
        JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json', // public routes never fetch it
        LOG_LEVEL: 'warn',
      },
      `${url}/ready`,
    );
    movies.push(proc);
    await proc.start(60_000);
    return url;
  };
  // One after the other: /ready answers only after the seed, so the second finds it loaded.
  const cacheOn = await startMovies('cache on', true);
  const cacheOff = await startMovies('cache off', false);

  gateway = await startGatewayProcess({
    MOVIES_URL: cacheOn,
    JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_SEARCH: SEARCH_LIMIT,
    RATE_LIMIT_PREFIX: rateLimitPrefix,
  });

  // Sanity checks: both processes serve the same seeded list, one from Redis, one from PostgreSQL.
  const popularPath = '/api/movies/popular';
  await getJson(`${cacheOn}${popularPath}`); // fills the cache
  const on = await getJson(`${cacheOn}${popularPath}`);
  const off = await getJson(`${cacheOff}${popularPath}`);
  if (on.headers.get('x-cache') !== 'HIT') throw new Error(`cache-on process answered X-Cache: ${on.headers.get('x-cache')}`);
  if (off.headers.get('x-cache') !== 'MISS') throw new Error(`cache-off process answered X-Cache: ${off.headers.get('x-cache')}`);
  if (JSON.stringify(on.body) !== JSON.stringify(off.body)) throw new Error('cache on and cache off answer different popular pages');
  const { total: catalogue } = (await getJson(`${cacheOn}/api/movies?limit=1`)).body;
  if (!(catalogue >= 266)) throw new Error(`demo catalogue not loaded: ${catalogue} movies`);

  // Every term: at least one film, and the same answer from the cache-on process (a miss, then a
  // hit), the cache-off one and the gateway.
  const searchInfo = [];
  const searchPaths = SEARCH_TERMS.map((term) => `/api/movies/search?q=${encodeURIComponent(term)}`);
  for (const [i, term] of SEARCH_TERMS.entries()) {
    const searchPath = searchPaths[i];
    await getJson(`${cacheOn}${searchPath}`);
    const direct = await getJson(`${cacheOn}${searchPath}`);
    const uncached = await getJson(`${cacheOff}${searchPath}`);
    const via = await getJson(`${gateway.url}${searchPath}`);
    const limit = via.headers.get('ratelimit-limit');
    if (limit !== SEARCH_LIMIT) throw new Error(`gateway search answered RateLimit-Limit ${limit}, expected ${SEARCH_LIMIT}`);
    if (direct.headers.get('x-cache') !== 'HIT') throw new Error(`q=${term}: cache-on process answered X-Cache: ${direct.headers.get('x-cache')} the second time`);
    if (uncached.headers.get('x-cache') !== 'MISS') throw new Error(`q=${term}: cache-off process answered X-Cache: ${uncached.headers.get('x-cache')}`);
    if (JSON.stringify(direct.body) !== JSON.stringify(uncached.body)) throw new Error(`q=${term}: cache on and cache off answer differently`);
    if (JSON.stringify(direct.body) !== JSON.stringify(via.body)) throw new Error(`q=${term}: gateway and direct answers differ`);
    if (!(direct.body.total > 0)) throw new Error(`q=${term}: no film found; pick terms the demo catalogue answers`);
    searchInfo.push(`${term}: ${direct.body.total} (${direct.body.items.slice(0, 2).map((m) => m.title).join(', ')}${direct.body.total > 2 ? ', …' : ''})`);
  }

  // 1. The list cache.
  console.log(`\n[1] GET ${popularPath} (${on.body.items.length} of ${on.body.total} films per answer, catalogue ${catalogue}), straight to each movies process`);
  const lists = await rounds({
    'popular, cache on': `${cacheOn}${popularPath}`,
    'popular, cache off': `${cacheOff}${popularPath}`,
  });

  // 2. Search over the rotating terms: through the gateway, straight with the cache, straight without.
  console.log(`\n[2] GET /api/movies/search over ${SEARCH_TERMS.length} terms in turn (wrk Lua script): through the gateway, straight to the cache-on and to the cache-off movies process`);
  const search = await rounds({
    'search, gateway, cache on': { url: gateway.url, paths: searchPaths },
    'search, direct, cache on': { url: cacheOn, paths: searchPaths },
    'search, direct, cache off (SQL)': { url: cacheOff, paths: searchPaths },
  });

  // The table.
  console.log(`\n${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds interleaved, best round by req/s kept (worst p99 over the rounds shown too)`);
  console.log(`${os.cpus().length} CPUs shared by wrk, PostgreSQL, Redis, the movies processes and the gateway`);
  console.log(`two movies processes on one database (demo catalogue, ${catalogue} films); the gateway proxies to the cache-on one`);
  console.log(`gateway search limit RATE_LIMIT_SEARCH=${SEARCH_LIMIT}: the limiter runs (one Redis script per request) but never refuses`);
  console.log(`search terms (${SEARCH_TERMS.length}, matches and best two):`);
  for (let i = 0; i < searchInfo.length; i += 3) console.log(`  ${searchInfo.slice(i, i + 3).join('; ')}`);
  console.log('');
  console.log(HEADER);
  for (const [name, r] of Object.entries(lists.best)) console.log(row(name, r, lists.worstP99[name], lists.totals[name]));
  for (const [name, r] of Object.entries(search.best)) console.log(row(name, r, search.worstP99[name], search.totals[name]));

  const ratio = lists.best['popular, cache on'].rps / lists.best['popular, cache off'].rps;
  console.log(`\npopular req/s cache on / cache off: ${fmt(ratio, 2)}  (target ≥ ${CACHE_TARGET}) ${ratio >= CACHE_TARGET ? 'OK' : 'BELOW TARGET'}`);
  const g = search.best['search, gateway, cache on'];
  const d = search.best['search, direct, cache on'];
  const sql = search.best['search, direct, cache off (SQL)'];
  const worst = search.worstP99['search, gateway, cache on'];
  const ok = g.p99 < P99_TARGET_MS;
  console.log(
    `search through the gateway (cache on): p99 ${fmt(g.p99, 2)} ms (worst round ${fmt(worst, 2)} ms; target < ${P99_TARGET_MS} ms) ${ok ? 'OK' : 'OVER TARGET'}; ` +
      `req/s gateway / direct ${fmt(g.rps / d.rps, 2)}`,
  );
  console.log(`search direct req/s cache on / cache off (SQL): ${fmt(d.rps / sql.rps, 2)}`);
  const non2xx = [...Object.values(lists.totals), ...Object.values(search.totals)].reduce((a, b) => a + b, 0);
  console.log(`non-2xx answers over all measured runs: ${non2xx}${invalid.length ? ` — RUN INVALID (${invalid.length} runs with non-2xx or socket errors, warm-ups included)` : ' (run valid)'}`);
} catch (error) {
  failure = error;
  console.error(error);
} finally {
  // Cleanup must not hide the result or the first error.
  const step = async (what, fn) => {
    try {
      await fn();
    } catch (error) {
      console.error(`cleanup: ${what}:`, error);
    }
  };
  await step('gateway', () => gateway?.process.stop());
  for (const proc of movies.reverse()) await step(proc.name, () => proc.stop());
  await step('database', () => db?.drop());
  await step('broker names', () => deleteBrokerNames(prefix));
  await step('redis keys', () => deleteRedisKeys([`${globEscape(cachePrefix)}*`, `${globEscape(rateLimitPrefix)}*`]));
}

if (invalid.length) {
  console.error(`\nINVALID RUN: non-2xx answers or socket errors:\n  ${invalid.join('\n  ')}`);
  process.exit(1);
}
process.exit(failure ? 1 : 0);
