import type { ServiceClient } from '@marquee/service';
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

function known(movie: z.infer<typeof movieSchema>): KnownMovie {
  // The movies service answers only for entries that are not deleted.
  return { movie_id: movie.id, title: movie.title, runtime: movie.runtime, is_series: movie.is_series, deleted: false };
}

/**
 * The movies service over HTTP, anonymously (catalogue reads are public), through the shared
 * service client: failures reach the caller as 503 `UPSTREAM_UNAVAILABLE` with `Retry-After`.
 */
export class MoviesClient implements MovieSource {
  constructor(private readonly client: ServiceClient) {}

  async movie(id: string): Promise<KnownMovie | null> {
    try {
      const movie = await this.client.get(`/api/movies/${encodeURIComponent(id)}`, movieSchema);
      return movie === null ? null : known(movie);
    } catch (error) {
      throw this.client.toAppError(error);
    }
  }

  async page(page: number, limit: number): Promise<MoviePage> {
    try {
      const body = await this.client.get(`/api/movies?page=${page}&limit=${limit}`, pageSchema);
      // A list route that is not there is movies misconfigured, not an empty catalogue.
      if (body === null) throw this.client.toAppError(new Error('the movies list answered 404'));
      return { movies: body.items.map(known), totalPages: body.total_pages };
    } catch (error) {
      throw this.client.toAppError(error);
    }
  }
}
