import { randomUUID } from 'node:crypto';
import { isoDateSchema } from '@marquee/contracts';
import { z } from 'zod';
import type { CatalogueService } from '../domain/catalogue.service';
import { canonicalGenres } from '../domain/genres';
import { CERTIFICATIONS, movieSnapshot, normaliseCast, yearOf, type MovieInput } from '../domain/movie';
import type { MoviesDeps } from '../domain/ports';

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
  certification: z.enum(CERTIFICATIONS).nullable().optional(),
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

const MARKER = 'demo-seed';

/** `today` (UTC) plus `days`, as `YYYY-MM-DD`. */
export function shiftDate(today: Date, days: number): string {
  const date = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The seed entry as a catalogue movie; genres already canonical. */
export function demoMovieInput(entry: DemoMovie, genres: string[], today: Date): MovieInput {
  const releaseDate = entry.release_offset_days === undefined ? (entry.release_date ?? null) : shiftDate(today, entry.release_offset_days);
  return {
    title: entry.title,
    year: entry.year ?? yearOf(releaseDate),
    synopsis: entry.synopsis.trim(),
    release_date: releaseDate,
    runtime: entry.runtime ?? null,
    genres,
    cast: normaliseCast(entry.cast),
    poster_url: entry.poster_url ?? null,
    backdrop_url: entry.backdrop_url ?? null,
    language: entry.language ?? null,
    certification: entry.certification ?? null,
    popularity: entry.popularity,
    tmdb_id: entry.tmdb_id ?? null,
  };
}

/**
 * Loads the demo catalogue into an empty database, once: in one transaction holding an advisory
 * lock, so replicas starting together seed once, and leaving a marker, so a catalogue emptied
 * later is not refilled. Each movie gets its `movie.created` event. Entries that do not fit the
 * schema, or repeat a title or TMDb id, are skipped with a warning; unknown genres are dropped.
 * Resolves how many movies were added (0 when there was nothing to do).
 */
export async function seedDemoCatalogue(deps: MoviesDeps, catalogue: CatalogueService, entries: readonly unknown[], today = new Date()): Promise<number> {
  const known = await catalogue.genres();
  const films: MovieInput[] = [];
  const seenTitles = new Set<string>();
  const seenTmdb = new Set<number>();
  entries.forEach((raw, index) => {
    const parsed = demoMovieSchema.safeParse(raw);
    if (!parsed.success) {
      deps.logger.warn('demo movie skipped: it does not fit the schema', { index, issues: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    const entry = parsed.data;
    const titleKey = `${entry.title.toLowerCase()}|${entry.year ?? ''}`;
    if (seenTitles.has(titleKey) || (entry.tmdb_id && seenTmdb.has(entry.tmdb_id))) {
      deps.logger.warn('demo movie skipped: listed twice', { title: entry.title });
      return;
    }
    seenTitles.add(titleKey);
    if (entry.tmdb_id) seenTmdb.add(entry.tmdb_id);
    const { names, unknown } = canonicalGenres(entry.genres, known);
    if (unknown.length > 0) deps.logger.warn('demo movie: unknown genres dropped', { title: entry.title, unknown });
    films.push(demoMovieInput(entry, names, today));
  });

  const added = await deps.transaction(async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('marquee.movies.demo-seed'))`);
    const done = await client.query('SELECT 1 FROM service_markers WHERE name = $1', [MARKER]);
    if ((done.rowCount ?? 0) > 0) return 0;
    const empty = (await deps.movies.countAll(client)) === 0;
    if (empty) {
      for (const film of films) {
        const movie = await deps.movies.insert(client, randomUUID(), film);
        await deps.publish(client, 'movie.created', movieSnapshot(movie));
      }
    }
    await client.query('INSERT INTO service_markers (name) VALUES ($1)', [MARKER]);
    return empty ? films.length : 0;
  });
  if (added > 0) await catalogue.bulkLoaded();
  return added;
}
