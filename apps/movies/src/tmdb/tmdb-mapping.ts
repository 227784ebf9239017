import type { Genre } from '../domain/genres';
import { isCertification, normaliseCast, yearOf, type Certification, type MovieInput } from '../domain/movie';
import type { TmdbMovieDetails } from './tmdb.schemas';

export const TMDB_IMAGE_BASE_URL = 'https://image.tmdb.org/t/p';
/** People kept from a film's credits, in billing order. */
export const MAX_CAST = 20;
/** TMDb's release type "Theatrical": its certification is the one cinemas show. */
const THEATRICAL = 3;

/** `https://image.tmdb.org/t/p/w500/abc.jpg` for `/abc.jpg`; null without a path. */
export function tmdbImageUrl(path: string | null | undefined, size: 'w500' | 'w1280'): string | null {
  if (!path) return null;
  return `${TMDB_IMAGE_BASE_URL}/${size}${path.startsWith('/') ? path : `/${path}`}`;
}

/** The US certification (theatrical release first), when it is one the catalogue knows. */
export function usCertification(details: Pick<TmdbMovieDetails, 'release_dates'>): Certification | null {
  const us = details.release_dates.results.filter((r) => r.iso_3166_1 === 'US').flatMap((r) => r.release_dates);
  const ordered = [...us.filter((d) => d.type === THEATRICAL), ...us.filter((d) => d.type !== THEATRICAL)];
  const found = ordered.map((d) => d.certification.trim()).find(isCertification);
  return found ?? null;
}

/** A catalogue movie from TMDb's details; genres TMDb has and we do not (TV Movie) are left out. */
export function toMovieInput(details: TmdbMovieDetails, known: readonly Genre[]): MovieInput {
  const byId = new Map(known.map((g) => [g.id, g.name]));
  const releaseDate = /^\d{4}-\d{2}-\d{2}$/.test(details.release_date ?? '') ? (details.release_date as string) : null;
  const genres = details.genres.map((g) => byId.get(g.id)).filter((name): name is string => name !== undefined);
  return {
    title: details.title.trim(),
    year: yearOf(releaseDate),
    synopsis: details.overview?.trim() ?? '',
    release_date: releaseDate,
    runtime: details.runtime ? details.runtime : null,
    genres: [...new Set(genres)],
    cast: normaliseCast(details.credits.cast).slice(0, MAX_CAST),
    poster_url: tmdbImageUrl(details.poster_path, 'w500'),
    backdrop_url: tmdbImageUrl(details.backdrop_path, 'w1280'),
    language: details.original_language || null,
    certification: usCertification(details),
    popularity: details.popularity,
    tmdb_id: details.id,
  };
}
