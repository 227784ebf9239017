import type { Cache } from '@marquee/cache';
import { ErrorCode } from '@marquee/contracts';
import { AppError, type Logger } from '@marquee/core';
import { CallTimeoutError, CircuitOpenError, parseRetryAfter, retry, type CircuitBreaker } from '@marquee/resilience';
import type { z } from 'zod';
import {
  tmdbErrorSchema,
  tmdbMovieDetailsSchema,
  tmdbPageSchema,
  tmdbSeasonSchema,
  tmdbTvDetailsSchema,
  tmdbTvPageSchema,
  type TmdbErrorBody,
  type TmdbMovieDetails,
  type TmdbPage,
  type TmdbSeason,
  type TmdbTvDetails,
} from './tmdb.schemas';
import type { TmdbList, TmdbSource } from './tmdb-source';

const LISTS: Record<TmdbList, { path: string; schema: z.ZodType<TmdbPage>; search?: true }> = {
  popular: { path: '/movie/popular', schema: tmdbPageSchema },
  trending: { path: '/trending/movie/week', schema: tmdbPageSchema },
  upcoming: { path: '/movie/upcoming', schema: tmdbPageSchema },
  search: { path: '/search/movie', schema: tmdbPageSchema, search: true },
  tv_popular: { path: '/tv/popular', schema: tmdbTvPageSchema },
  tv_search: { path: '/search/tv', schema: tmdbTvPageSchema, search: true },
};

/** TMDb answered with an error status (its body parsed when it was TMDb's error shape). */
export class TmdbHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: TmdbErrorBody | undefined,
    /** What a `Retry-After` header asked for, in ms. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(`TMDb answered ${status}${body ? ` (status_code ${body.status_code}: ${body.status_message})` : ''}`);
    this.name = 'TmdbHttpError';
  }
}

/** TMDb answered 2xx with something that is not what its documentation promises. */
export class TmdbShapeError extends Error {
  constructor(
    readonly path: string,
    readonly issues: string[],
  ) {
    super(`TMDb answered ${path} in an unexpected shape: ${issues.slice(0, 3).join('; ')}`);
    this.name = 'TmdbShapeError';
  }
}

export interface TmdbClientOptions {
  /** `https://api.themoviedb.org/3`. */
  baseUrl: string;
  /** v4 read access token (Bearer); without it every call is a 503 saying TMDb is not configured. */
  token?: string;
  /** The long-lived breaker guarding TMDb (timeouts abort the request). */
  breaker: CircuitBreaker;
  /** Caches validated answers; none: every call goes to TMDb. */
  cache?: Cache;
  cacheTtlSeconds: number;
  /** Tries per call when TMDb answers 429 (the first included). Default 3. */
  attempts?: number;
  /** The longest `Retry-After` waited for inside a request; longer ones fail at once. Default 5 s. */
  maxRetryWaitMs?: number;
  /** Base of the backoff between 429 retries without `Retry-After`. Default 250 ms. */
  retryBaseDelayMs?: number;
  logger: Logger;
}

/** Whether an error says TMDb (or the way to it) is unwell, as opposed to our request being refused. */
export function isTmdbFailure(error: unknown): boolean {
  if (error instanceof TmdbHttpError) return error.status >= 500;
  return !(error instanceof TmdbShapeError);
}

/**
 * TMDb v3 over HTTP: every call goes through the circuit breaker (with its timeout), is retried
 * on 429 honouring `Retry-After`, is validated with zod and, once valid, cached in Redis. Every
 * failure reaches the caller as an `AppError`: 503 `UPSTREAM_UNAVAILABLE` with `Retry-After`
 * when TMDb cannot be used now, 502 `BAD_GATEWAY` when it answered nonsense.
 */
export class TmdbClient implements TmdbSource {
  private readonly attempts: number;
  private readonly maxRetryWaitMs: number;
  private readonly retryBaseDelayMs: number;

  constructor(private readonly options: TmdbClientOptions) {
    this.attempts = options.attempts ?? 3;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? 5_000;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 250;
  }

  get configured(): boolean {
    return Boolean(this.options.token);
  }

  /** One page of a TMDb list (or of a search for `query`). */
  listPage(list: TmdbList, page: number, query?: string): Promise<TmdbPage> {
    const { path, schema, search } = LISTS[list];
    const params: Record<string, string> = { page: String(page) };
    if (search) params.query = query ?? '';
    return this.get(path, params, schema);
  }

  /** A film with its credits and release dates; null when TMDb does not know it (404, status_code 34). */
  details(tmdbId: number): Promise<TmdbMovieDetails | null> {
    return orNullWhenUnknown(this.get(`/movie/${tmdbId}`, { append_to_response: 'credits,release_dates' }, tmdbMovieDetailsSchema));
  }

  /** A series (TMDb's tv numbering) with its season list, credits and content ratings; null when unknown. */
  seriesDetails(tmdbId: number): Promise<TmdbTvDetails | null> {
    return orNullWhenUnknown(this.get(`/tv/${tmdbId}`, { append_to_response: 'credits,content_ratings' }, tmdbTvDetailsSchema));
  }

  /** One season of a series with its episodes; null when unknown. */
  season(tmdbId: number, seasonNumber: number): Promise<TmdbSeason | null> {
    return orNullWhenUnknown(this.get(`/tv/${tmdbId}/season/${seasonNumber}`, {}, tmdbSeasonSchema));
  }

  private async get<S extends z.ZodType>(path: string, params: Record<string, string>, schema: S): Promise<z.output<S>> {
    if (!this.options.token) {
      throw new AppError(ErrorCode.UPSTREAM_UNAVAILABLE, 'TMDb is not configured on this server (TMDB_TOKEN is not set)', {
        headers: { 'Retry-After': '3600' },
      });
    }
    const url = new URL(this.options.baseUrl.replace(/\/+$/, '') + path);
    for (const [key, value] of Object.entries(params).sort(([a], [b]) => a.localeCompare(b))) url.searchParams.set(key, value);
    const key = `${url.pathname}${url.search}`;
    const load = () => this.fetchValid(url, path, schema);
    try {
      return this.options.cache ? await this.options.cache.getOrSet(key, load, { ttlSeconds: this.options.cacheTtlSeconds }) : await load();
    } catch (error) {
      throw this.toAppError(error);
    }
  }

  private async fetchValid<S extends z.ZodType>(url: URL, path: string, schema: S): Promise<z.output<S>> {
    const body = await retry(() => this.options.breaker.run((signal) => this.fetchJson(url, path, signal)), {
      attempts: this.attempts,
      baseDelayMs: this.retryBaseDelayMs,
      maxDelayMs: this.maxRetryWaitMs,
      retryable: (error) => {
        if (!(error instanceof TmdbHttpError) || error.status !== 429) return false;
        if (error.retryAfterMs === undefined) return true;
        // Asked to wait longer than a request should hang: answer 503 with that Retry-After instead.
        return error.retryAfterMs <= this.maxRetryWaitMs ? error.retryAfterMs : false;
      },
    });
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new TmdbShapeError(path, parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
    return parsed.data;
  }

  private async fetchJson(url: URL, path: string, signal: AbortSignal): Promise<unknown> {
    const res = await fetch(url, { headers: { authorization: `Bearer ${this.options.token}`, accept: 'application/json' }, signal });
    const text = await res.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      if (res.ok) throw new TmdbShapeError(path, ['the body is not JSON']);
    }
    if (!res.ok) throw new TmdbHttpError(res.status, tmdbErrorSchema.safeParse(body).data, parseRetryAfter(res.headers.get('retry-after')));
    return body;
  }

  private toAppError(error: unknown): AppError {
    if (error instanceof AppError) return error;
    const unavailable = (message: string, retryAfterSec: number, details: Record<string, unknown> = {}) =>
      new AppError(ErrorCode.UPSTREAM_UNAVAILABLE, message, { headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSec))) }, details, cause: error });
    const waitSec = () => Math.max(this.options.breaker.retryAfterSec(), 30);

    if (error instanceof CircuitOpenError) return unavailable('TMDb is unavailable at the moment; try again later', error.retryAfterSec);
    if (error instanceof CallTimeoutError) return unavailable(`TMDb did not answer within ${error.timeoutMs} ms`, waitSec());
    if (error instanceof TmdbShapeError) {
      this.options.logger.warn('TMDb answered in an unexpected shape', { path: error.path, issues: error.issues.slice(0, 5) });
      return new AppError(ErrorCode.BAD_GATEWAY, 'TMDb answered in an unexpected shape; nothing was imported', { status: 502, cause: error });
    }
    if (error instanceof TmdbHttpError) {
      const details = { upstream_status: error.status, ...(error.body ? { upstream_code: error.body.status_code } : {}) };
      if (error.status === 429) return unavailable('TMDb is rate limiting us; try again later', (error.retryAfterMs ?? 30_000) / 1000, details);
      if (error.status === 401 || error.status === 403) {
        this.options.logger.error('TMDb refused our credentials; check TMDB_TOKEN', { status: error.status, upstream_code: error.body?.status_code });
        return unavailable(`TMDb refused this server's credentials${error.body ? ` (${error.body.status_message})` : ''}`, 3600, details);
      }
      if (error.status >= 500) return unavailable(`TMDb failed (HTTP ${error.status})`, waitSec(), details);
      return new AppError(ErrorCode.BAD_GATEWAY, `TMDb refused the request (HTTP ${error.status})`, { status: 502, details, cause: error });
    }
    // Connection refused or reset, DNS: TMDb cannot be reached from here.
    this.options.logger.warn('TMDb unreachable', { error: error instanceof Error ? error.message : String(error) });
    return unavailable('TMDb cannot be reached', waitSec());
  }
}

/** TMDb's 404 (status_code 34) as null: the id is not one TMDb knows. */
async function orNullWhenUnknown<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof AppError && error.details?.upstream_status === 404) return null;
    throw error;
  }
}
