import { OwnerCollection, type ServiceClient } from '@marquee/service';
import { z } from 'zod';
import type { KnownMovie, MovieSource } from '../domain/movie';

// Only what scheduling needs of the movies service's answers; the rest is not ours to check.
const movieSchema = z.object({
  id: z.uuid(),
  title: z.string().min(1),
  runtime: z.number().int().positive().nullable().catch(null),
  is_series: z.boolean().default(false),
});

function known(movie: z.infer<typeof movieSchema>): KnownMovie {
  // The movies service answers only for entries that are not deleted.
  return { movie_id: movie.id, title: movie.title, runtime: movie.runtime, is_series: movie.is_series, deleted: false };
}

/**
 * The movies service's catalogue over HTTP, anonymously (catalogue reads are public), through
 * the shared service client: failures reach the caller as 503 `UPSTREAM_UNAVAILABLE`.
 */
export function moviesClient(client: ServiceClient): MovieSource {
  return new OwnerCollection(client, { path: '/api/movies', item: movieSchema, map: known });
}
