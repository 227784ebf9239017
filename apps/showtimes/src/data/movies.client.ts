import { ErrorCode } from '@marquee/contracts';
import { AppError, type Logger } from '@marquee/core';
import { CallTimeoutError, CircuitOpenError, type CircuitBreaker } from '@marquee/resilience';
import { z } from 'zod';
import type { KnownMovie, MoviePage, MovieSource } from '../domain/movie';

// Only what scheduling needs of the movies service's answers; the rest is not ours to check.
const movieSchema = z.object({
  id: z.uuid(),
  title: z.string().min(1),
  runtime: z.number().int().positive().nullable().catch(null),
  is_series: z.boolean().default(false),
});
const pageSchema = z.object({ items: z.array(movieSchema), total_pages: z.number().int().min(0) });

/** The movies service answered with an error status. */
export class MoviesHttpError extends Error {
  constructor(readonly status: number) {
    super(`movies answered ${status}`);
    this.name = 'MoviesHttpError';
  }
}

/** Whether an error says movies is unwell (not merely a 4xx about our request). */
export function isMoviesFailure(error: unknown): boolean {
  return !(error instanceof MoviesHttpError) || error.status >= 500;
}

export interface MoviesClientOptions {
  /** `http://127.0.0.1:3000` */
  baseUrl: string;
  /** The long-lived breaker guarding the movies service (its timeout aborts the request). */
  breaker: CircuitBreaker;
  logger: Logger;
}

function known(movie: z.infer<typeof movieSchema>): KnownMovie {
  // The movies service answers only for entries that are not deleted.
  return { movie_id: movie.id, title: movie.title, runtime: movie.runtime, is_series: movie.is_series, deleted: false };
}

/**
 * The movies service over HTTP, anonymously (catalogue reads are public): every call through
 * the breaker; failures reach the caller as 503 `UPSTREAM_UNAVAILABLE` with `Retry-After`.
 */
export class MoviesClient implements MovieSource {
  constructor(private readonly options: MoviesClientOptions) {}

  async movie(id: string): Promise<KnownMovie | null> {
    try {
      const body = await this.get(`/api/movies/${encodeURIComponent(id)}`);
      return known(this.parse(movieSchema, body));
    } catch (error) {
      if (error instanceof MoviesHttpError && error.status === 404) return null;
      throw this.toAppError(error);
    }
  }

  async page(page: number, limit: number): Promise<MoviePage> {
    try {
      const body = this.parse(pageSchema, await this.get(`/api/movies?page=${page}&limit=${limit}`));
      return { movies: body.items.map(known), totalPages: body.total_pages };
    } catch (error) {
      throw this.toAppError(error);
    }
  }

  private parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new AppError(ErrorCode.BAD_GATEWAY, 'The movies service answered in an unexpected shape', { status: 502 });
    }
    return parsed.data;
  }

  private get(path: string): Promise<unknown> {
    const url = this.options.baseUrl.replace(/\/+$/, '') + path;
    return this.options.breaker.run(async (signal) => {
      const res = await fetch(url, { headers: { accept: 'application/json' }, signal });
      const text = await res.text();
      if (!res.ok) throw new MoviesHttpError(res.status);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new AppError(ErrorCode.BAD_GATEWAY, 'The movies service answered something that is not JSON', { status: 502 });
      }
    });
  }

  private toAppError(error: unknown): AppError {
    if (error instanceof AppError) return error;
    const unavailable = (message: string, retryAfterSec: number) =>
      new AppError(ErrorCode.UPSTREAM_UNAVAILABLE, message, { headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSec))) }, cause: error });
    if (error instanceof CircuitOpenError) return unavailable('The movies service is unavailable at the moment; try again later', error.retryAfterSec);
    if (error instanceof CallTimeoutError) return unavailable(`The movies service did not answer within ${error.timeoutMs} ms`, 5);
    if (error instanceof MoviesHttpError) {
      if (error.status >= 500) return unavailable(`The movies service failed (HTTP ${error.status})`, 5);
      return new AppError(ErrorCode.BAD_GATEWAY, `The movies service refused the request (HTTP ${error.status})`, { status: 502, cause: error });
    }
    this.options.logger.warn('movies service unreachable', { error: error instanceof Error ? error.message : String(error) });
    return unavailable('The movies service cannot be reached', 5);
  }
}
