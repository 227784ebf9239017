import { booleanVar, urlVar } from '@marquee/core';
import { z } from 'zod';

/** The movies service's own environment, validated with the shared variables at start. */
export const moviesConfigShape = {
  /** Lifetime of the cached popular / trending / coming-soon pages and search answers. */
  MOVIES_LIST_TTL_SEC: z.coerce.number().min(0.1).max(86_400).default(60),
  /**
   * Off: every list is read from PostgreSQL and every TMDb answer fetched again (benchmarks compare
   * both). On, the answers live in Redis under `<CACHE_PREFIX>movies:lists:` and `<CACHE_PREFIX>movies:tmdb:`.
   */
  MOVIES_CACHE_ENABLED: booleanVar.default(true),
  /** TMDb's API v3 root; tests point it at a local server that answers like TMDb. */
  TMDB_BASE_URL: urlVar('http:', 'https:').default('https://api.themoviedb.org/3'),
  /** TMDb API read access token (Bearer). Without it, imports answer 503 and the service runs on its own catalogue. */
  TMDB_TOKEN: z.string().min(1).optional(),
  TMDB_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(5_000),
  TMDB_CACHE_TTL_SEC: z.coerce.number().int().min(1).max(86_400).default(600),
  /** How long the TMDb breaker stays open before it lets one call through again. */
  TMDB_BREAKER_RESET_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** The longest TMDb `Retry-After` (429) an import waits for before answering 503 itself. */
  TMDB_MAX_RETRY_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
};
