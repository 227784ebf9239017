import { randomUUID } from 'node:crypto';
import { isoDateSchema } from '@marquee/contracts';
import { z } from 'zod';
import type { DomainPlatform } from '@marquee/service';
import type { CatalogueService } from '../catalogue/catalogue.service';
import { canonicalGenres } from '../catalogue/genres';
import type { MovieStore } from '../catalogue/movies.store';
import type { SeasonStore } from '../catalogue/seasons.store';
import { normaliseSeasons } from '../catalogue/series';
import { FILM_CERTIFICATIONS, movieSnapshot, normaliseCast, TV_RATINGS, yearOf, type MovieInput, type SeasonInput } from '../movie/movie';

export interface DemoSeedDeps extends DomainPlatform {
  movies: Pick<MovieStore, 'insert' | 'countAll'>;
  seasons: Pick<SeasonStore, 'replace'>;
}

/** One entry of `demo-movies.json`. */
export const demoMovieSchema = z.object({
  title: z.string().trim().min(1).max(300),
  year: z.number().int().min(1870).max(2200).nullable().optional(),
  release_date: isoDateSchema.nullable().optional(),
  runtime: z.number().int().positive().nullable().optional(),
  genres: z.array(z.string()).default([]),
  cast: z.array(z.object({ name: z.string(), character: z.string().nullish(), order: z.number().int().nonnegative().nullish() })).default([]),
  synopsis: z.string().default(''),
  language: z.string().nullable().optional(),
  certification: z.enum(FILM_CERTIFICATIONS).nullable().optional(),
  popularity: z.number().nonnegative().default(0),
  tmdb_id: z.number().int().positive().nullable().optional(),
  poster_url: z.string().nullable().optional(),
  backdrop_url: z.string().nullable().optional(),
  /** A classic back in cinemas: its release date is moved near today, its year stays. */
  demo_rerelease: z.boolean().optional(),
  /** Release date = today + this many days (negative: already out), so "coming soon" is never empty. */
  release_offset_days: z.number().int().min(-3650).max(3650).optional(),
});
export type DemoMovie = z.infer<typeof demoMovieSchema>;

const demoEpisodeSchema = z.object({
  episode_number: z.number().int().nonnegative(),
  name: z.string().trim().min(1).max(300),
  air_date: isoDateSchema.nullable().optional(),
  runtime: z.number().int().positive().nullable().optional(),
  overview: z.string().default(''),
});

const demoSeasonSchema = z.object({
  season_number: z.number().int().nonnegative(),
  name: z.string().trim().min(1).max(300),
  air_date: isoDateSchema.nullable().optional(),
  episode_count: z.number().int().nonnegative(),
  overview: z.string().default(''),
  /** Listed for some seasons only; a season listed with episodes lists all of them. */
  episodes: z.array(demoEpisodeSchema).optional(),
});

/** One entry of `demo-series.json`: a series with its real seasons (and, for some, their episodes). */
export const demoSeriesSchema = demoMovieSchema
  .omit({ runtime: true, demo_rerelease: true, release_offset_days: true, certification: true })
  .extend({
    is_series: z.literal(true),
    certification: z.enum(TV_RATINGS).nullable().optional(),
    homepage: z.url({ protocol: /^https$/ }).nullable().optional(),
    seasons: z.array(demoSeasonSchema).min(1),
  });
export type DemoSeries = z.infer<typeof demoSeriesSchema>;

const MARKER = 'demo-seed';

/** `today` (UTC) plus `days`, as `YYYY-MM-DD`. */
export function shiftDate(today: Date, days: number): string {
  const date = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** What films and series of the seed share, as catalogue fields. */
function catalogueFields(entry: DemoMovie | DemoSeries, genres: string[], releaseDate: string | null) {
  return {
    title: entry.title,
    year: entry.year ?? yearOf(releaseDate),
    synopsis: entry.synopsis.trim(),
    release_date: releaseDate,
    genres,
    cast: normaliseCast(entry.cast),
    poster_url: entry.poster_url ?? null,
    backdrop_url: entry.backdrop_url ?? null,
    language: entry.language ?? null,
    certification: entry.certification ?? null,
    popularity: entry.popularity,
    tmdb_id: entry.tmdb_id ?? null,
    network_logo: null,
  };
}

/** The seed entry as a catalogue movie; genres already canonical. */
export function demoMovieInput(entry: DemoMovie, genres: string[], today: Date): MovieInput {
  const releaseDate = entry.release_offset_days === undefined ? (entry.release_date ?? null) : shiftDate(today, entry.release_offset_days);
  return { kind: 'movie', ...catalogueFields(entry, genres, releaseDate), runtime: entry.runtime ?? null, homepage: null };
}

/** The seed entry as a catalogue series with its seasons; genres already canonical. */
export function demoSeriesInput(entry: DemoSeries, genres: string[]): { movie: MovieInput; seasons: SeasonInput[] } {
  const movie: MovieInput = { kind: 'series', ...catalogueFields(entry, genres, entry.release_date ?? null), runtime: null, homepage: entry.homepage ?? null };
  const seasons = entry.seasons.map((season) => ({
    season_number: season.season_number,
    name: season.name,
    overview: season.overview,
    air_date: season.air_date ?? null,
    episode_count: season.episode_count,
    poster_url: null,
    vote_average: 0,
    tmdb_id: null,
    episodes: season.episodes?.map((e) => ({
      episode_number: e.episode_number,
      name: e.name,
      overview: e.overview,
      air_date: e.air_date ?? null,
      runtime: e.runtime ?? null,
      still_url: null,
      vote_average: 0,
      tmdb_id: null,
    })),
  }));
  return { movie, seasons: normaliseSeasons(seasons) };
}

/** What the demo catalogue is made of: the entries of `demo-movies.json` and `demo-series.json`. */
export interface DemoCatalogue {
  films: readonly unknown[];
  series: readonly unknown[];
}

/**
 * Loads the demo catalogue (films, then series with their seasons) into an empty database, once:
 * in one transaction holding an advisory lock, so replicas starting together seed once, and
 * leaving a marker, so a catalogue emptied later is not refilled. Each entry gets its
 * `movie.created` event. Entries that do not fit the schema, or repeat a title or TMDb id (per
 * kind: TMDb numbers films and series separately), are skipped with a warning; unknown genres are
 * dropped. Resolves how many entries were added (0 when there was nothing to do).
 */
export async function seedDemoCatalogue(deps: DemoSeedDeps, catalogue: CatalogueService, demo: DemoCatalogue, today = new Date()): Promise<number> {
  const known = await catalogue.genres();
  const entries: { movie: MovieInput; seasons: SeasonInput[] }[] = [];
  const seenTitles = new Set<string>();
  const seenTmdb = new Set<string>();
  const accept = (kind: 'movie' | 'series', entry: { title: string; year?: number | null; tmdb_id?: number | null; genres: string[] }): string[] | null => {
    const titleKey = `${kind}|${entry.title.toLowerCase()}|${entry.year ?? ''}`;
    const tmdbKey = entry.tmdb_id ? `${kind}|${entry.tmdb_id}` : undefined;
    if (seenTitles.has(titleKey) || (tmdbKey && seenTmdb.has(tmdbKey))) {
      deps.logger.warn('demo entry skipped: listed twice', { title: entry.title });
      return null;
    }
    seenTitles.add(titleKey);
    if (tmdbKey) seenTmdb.add(tmdbKey);
    const { names, unknown } = canonicalGenres(entry.genres, known);
    if (unknown.length > 0) deps.logger.warn('demo entry: unknown genres dropped', { title: entry.title, unknown });
    return names;
  };
  const invalid = (file: string, index: number, issues: z.core.$ZodIssue[]) =>
    deps.logger.warn(`${file} entry skipped: it does not fit the schema`, { index, issues: issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`) });

  demo.films.forEach((raw, index) => {
    const parsed = demoMovieSchema.safeParse(raw);
    if (!parsed.success) return invalid('demo-movies.json', index, parsed.error.issues);
    const genres = accept('movie', parsed.data);
    if (genres) entries.push({ movie: demoMovieInput(parsed.data, genres, today), seasons: [] });
  });
  demo.series.forEach((raw, index) => {
    const parsed = demoSeriesSchema.safeParse(raw);
    if (!parsed.success) return invalid('demo-series.json', index, parsed.error.issues);
    const genres = accept('series', parsed.data);
    if (genres) entries.push(demoSeriesInput(parsed.data, genres));
  });

  const added = await deps.transaction(async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('marquee.movies.demo-seed'))`);
    const done = await client.query('SELECT 1 FROM service_markers WHERE name = $1', [MARKER]);
    if ((done.rowCount ?? 0) > 0) return 0;
    const empty = (await deps.movies.countAll(client)) === 0;
    if (empty) {
      for (const entry of entries) {
        const movie = await deps.movies.insert(client, randomUUID(), entry.movie);
        if (movie.kind === 'series') await deps.seasons.replace(client, movie.id, entry.seasons);
        await deps.publish(client, 'movie.created', movieSnapshot(movie));
      }
    }
    await client.query('INSERT INTO service_markers (name) VALUES ($1)', [MARKER]);
    return empty ? entries.length : 0;
  });
  if (added > 0) await catalogue.bulkLoaded();
  return added;
}
