import type { Genre } from '../catalogue/genres';
import {
  isCatalogueDate,
  isFilmCertification,
  isTvRating,
  normaliseCast,
  yearOf,
  type FilmCertification,
  type MovieInput,
  type SeasonInput,
  type TvRating,
} from '../movie/movie';
import { storableText } from '../movie/text';
import type { TmdbMovieDetails, TmdbSeason, TmdbTvDetails } from './tmdb.schemas';

export const TMDB_IMAGE_BASE_URL = 'https://image.tmdb.org/t/p';
/** People kept from a film's credits, in billing order. */
export const MAX_CAST = 20;
/** TMDb's release type "Theatrical": its certification is the one cinemas show. */
const THEATRICAL = 3;
/** Longest title and season or episode name the catalogue stores (the columns' CHECKs). */
const MAX_NAME = 300;

/**
 * TMDb's tv genres that are not film genres, as the film genres the catalogue has (ADR 0006).
 * The rest (News, Reality, Soap, Talk) have no film counterpart and are left out.
 */
const TV_GENRES: Record<number, string[]> = {
  10759: ['Action', 'Adventure'],
  10762: ['Family'],
  10765: ['Science Fiction', 'Fantasy'],
  10768: ['War'],
};

/** `https://image.tmdb.org/t/p/w500/abc.jpg` for `/abc.jpg`; null without a path. */
export function tmdbImageUrl(path: string | null | undefined, size: 'w300' | 'w500' | 'w1280'): string | null {
  if (!path) return null;
  // TMDb paths are `/<name>.<ext>`; anything else is not an image path and is not made into a URL.
  if (!/^\/?[\w.-]+$/.test(path)) return null;
  return `${TMDB_IMAGE_BASE_URL}/${size}${path.startsWith('/') ? path : `/${path}`}`;
}

/** The US certification (theatrical release first), when it is an MPA rating. */
export function usCertification(details: Pick<TmdbMovieDetails, 'release_dates'>): FilmCertification | null {
  const us = details.release_dates.results.filter((r) => r.iso_3166_1 === 'US').flatMap((r) => r.release_dates);
  const ordered = [...us.filter((d) => d.type === THEATRICAL), ...us.filter((d) => d.type !== THEATRICAL)];
  const found = ordered.map((d) => d.certification.trim()).find(isFilmCertification);
  return found ?? null;
}

/** A series' US TV rating (TV-14, TV-MA…) from its content ratings, when it has one. */
export function usTvRating(details: Pick<TmdbTvDetails, 'content_ratings'>): TvRating | null {
  const found = details.content_ratings.results.filter((r) => r.iso_3166_1 === 'US').map((r) => r.rating.trim()).find(isTvRating);
  return found ?? null;
}

/** Catalogue genre names for TMDb genres, film or tv; genres without a counterpart (TV Movie, Talk) are left out. */
export function genreNames(genres: readonly { id: number }[], known: readonly Genre[]): string[] {
  const byId = new Map(known.map((g) => [g.id, g.name]));
  const names = genres.flatMap((g) => {
    const name = byId.get(g.id);
    return name !== undefined ? [name] : (TV_GENRES[g.id] ?? []).filter((n) => known.some((k) => k.name === n));
  });
  return [...new Set(names)];
}

/** TMDb's date when the catalogue can store it ("" and dates before 1870 become null). */
const dateOrNull = (value: string | null | undefined): string | null => (isCatalogueDate(value) ? value : null);
const clean = (value: string | null | undefined, max = 10_000): string => storableText(value ?? '').trim().slice(0, max);
/** TMDb's homepage, when it is an http(s) URL (it is often ""). */
const webPage = (value: string | null | undefined): string | null => (/^https?:\/\/\S+$/i.test(value ?? '') ? (value as string).slice(0, 2_000) : null);
const vote = (value: number | null | undefined): number => Math.min(10, Math.max(0, value ?? 0));

function castOf(credits: TmdbMovieDetails['credits']) {
  const cast = credits.cast.map((c) => ({ ...c, name: clean(c.name, 200), character: c.character == null ? c.character : clean(c.character, 200) }));
  return normaliseCast(cast).slice(0, MAX_CAST);
}

/** A catalogue film from TMDb's details; genres TMDb has and we do not (TV Movie) are left out. */
export function toMovieInput(details: TmdbMovieDetails, known: readonly Genre[]): MovieInput {
  const releaseDate = dateOrNull(details.release_date);
  return {
    kind: 'movie',
    title: clean(details.title, MAX_NAME),
    year: yearOf(releaseDate),
    synopsis: clean(details.overview),
    release_date: releaseDate,
    runtime: details.runtime ? details.runtime : null,
    genres: genreNames(details.genres, known),
    cast: castOf(details.credits),
    poster_url: tmdbImageUrl(details.poster_path, 'w500'),
    backdrop_url: tmdbImageUrl(details.backdrop_path, 'w1280'),
    language: details.original_language || null,
    certification: usCertification(details),
    popularity: details.popularity,
    tmdb_id: details.id,
    homepage: webPage(details.homepage),
    network_logo: null,
  };
}

/**
 * A catalogue series from TMDb's tv details and its seasons' episodes (`episodes` by season
 * number; a season without an answer keeps no episodes). The first network's logo stands for it.
 */
export function toSeriesInput(details: TmdbTvDetails, episodes: ReadonlyMap<number, TmdbSeason>, known: readonly Genre[]): { movie: MovieInput; seasons: SeasonInput[] } {
  const firstAired = dateOrNull(details.first_air_date);
  const movie: MovieInput = {
    kind: 'series',
    title: clean(details.name, MAX_NAME),
    year: yearOf(firstAired),
    synopsis: clean(details.overview),
    release_date: firstAired,
    runtime: null,
    genres: genreNames(details.genres, known),
    cast: castOf(details.credits),
    poster_url: tmdbImageUrl(details.poster_path, 'w500'),
    backdrop_url: tmdbImageUrl(details.backdrop_path, 'w1280'),
    language: details.original_language || null,
    certification: usTvRating(details),
    popularity: details.popularity,
    tmdb_id: details.id,
    homepage: webPage(details.homepage),
    network_logo: tmdbImageUrl(details.networks.find((n) => n.logo_path)?.logo_path, 'w300'),
  };
  const seasons: SeasonInput[] = details.seasons.map((season) => {
    const answer = episodes.get(season.season_number);
    return {
      season_number: season.season_number,
      name: clean(season.name, MAX_NAME) || (season.season_number === 0 ? 'Specials' : `Season ${season.season_number}`),
      overview: clean(season.overview),
      air_date: dateOrNull(season.air_date),
      episode_count: season.episode_count ?? answer?.episodes.length ?? 0,
      poster_url: tmdbImageUrl(season.poster_path, 'w500'),
      vote_average: vote(season.vote_average),
      tmdb_id: season.id ?? null,
      episodes: (answer?.episodes ?? []).map((e) => ({
        episode_number: e.episode_number,
        name: clean(e.name, MAX_NAME) || `Episode ${e.episode_number}`,
        overview: clean(e.overview),
        air_date: dateOrNull(e.air_date),
        runtime: e.runtime ? e.runtime : null,
        still_url: tmdbImageUrl(e.still_path, 'w300'),
        vote_average: vote(e.vote_average),
        tmdb_id: e.id ?? null,
      })),
    };
  });
  return { movie, seasons };
}
