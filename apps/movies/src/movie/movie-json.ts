import type { AuthUser } from '@marquee/http';
import type { z } from 'zod';
import type { CatalogueEntry, Movie } from './movie';
import type { catalogueEntrySchema, movieSchema } from './movie.schemas';

export type MovieJson = z.input<typeof movieSchema>;
export type CatalogueEntryJson = z.input<typeof catalogueEntrySchema>;

/** A film or series as lists show it: `description` repeats `synopsis`; `is_favorite` only for a signed-in caller. */
export function toMovieJson(movie: Movie, favourites?: ReadonlySet<string>): MovieJson {
  return {
    id: movie.id,
    title: movie.title,
    is_series: movie.kind === 'series',
    year: movie.year,
    synopsis: movie.synopsis,
    description: movie.synopsis,
    release_date: movie.release_date,
    runtime: movie.runtime,
    genres: movie.genres,
    cast: movie.cast,
    poster_url: movie.poster_url,
    backdrop_url: movie.backdrop_url,
    language: movie.language,
    certification: movie.certification,
    rating: movie.rating,
    rating_count: movie.rating_count,
    popularity: movie.popularity,
    ...(favourites ? { is_favorite: favourites.has(movie.id) } : {}),
    tmdb_id: movie.tmdb_id,
  };
}

/** Everything an entry has: a series with its seasons and their episodes. */
export function toEntryJson(entry: CatalogueEntry, favourites?: ReadonlySet<string>): CatalogueEntryJson {
  return {
    ...toMovieJson(entry.movie, favourites),
    homepage: entry.movie.homepage,
    network_logo: entry.movie.network_logo,
    seasons: entry.seasons,
  };
}

/** Renders movies for `user`: with `is_favorite` (one query for all of them) when signed in. */
export function movieRenderer(favourites: { favouredAmong(userId: string, movieIds: readonly string[]): Promise<Set<string>> }) {
  return async (user: AuthUser | undefined, movies: readonly Movie[]): Promise<(movie: Movie) => MovieJson> => {
    if (!user) return (movie) => toMovieJson(movie);
    const mine = await favourites.favouredAmong(user.id, movies.map((m) => m.id));
    return (movie) => toMovieJson(movie, mine);
  };
}
export type MovieRenderer = ReturnType<typeof movieRenderer>;
