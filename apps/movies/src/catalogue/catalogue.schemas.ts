import { z } from 'zod';
import { CERTIFICATIONS } from '../movie/movie';
import { catalogueEntrySchema, catalogueDateSchema, movieSchema, text, tmdbIdSchema } from '../movie/movie.schemas';

export const movieDetailsSchema = catalogueEntrySchema
  .extend({ similar: z.array(movieSchema).meta({ description: 'Up to 8 entries of the same kind sharing genres or cast' }) })
  .meta({ id: 'MovieDetails' });

export const genreListSchema = z.object({ items: z.array(z.object({ id: z.number().int(), name: z.string() })) }).meta({ id: 'GenreList' });

// Every bound matches where the value is stored (see movie.schemas.ts).

const urlText = z.url({ protocol: /^https?$/, message: 'must be an http or https URL' }).max(2_000);
const castInputSchema = z.object({
  name: text(200).min(1, { message: 'is required' }),
  character: text(200).nullable().optional(),
  order: z.number().int().min(0).max(10_000).optional(),
});

const uniqueNumbers = (numbers: number[]) => new Set(numbers).size === numbers.length;

const episodeInputSchema = z
  .object({
    episode_number: z.number().int().min(0).max(100_000),
    name: text(300).optional(),
    overview: text(10_000).optional(),
    air_date: catalogueDateSchema.nullable().optional(),
    runtime: z.number().int().min(1).max(1_000).nullable().optional().meta({ description: 'Minutes' }),
    still_url: urlText.nullable().optional(),
    vote_average: z.number().min(0).max(10).optional(),
    tmdb_id: tmdbIdSchema.nullable().optional(),
  })
  .meta({ id: 'EpisodeInput' });

const seasonInputSchema = z
  .object({
    season_number: z.number().int().min(0).max(10_000).meta({ description: '0 for specials' }),
    name: text(300).optional().meta({ description: 'Default "Season N" ("Specials" for 0)' }),
    overview: text(10_000).optional(),
    air_date: catalogueDateSchema.nullable().optional(),
    episode_count: z.number().int().min(0).max(100_000).optional().meta({ description: 'Default: how many episodes are given, else what it was' }),
    poster_url: urlText.nullable().optional(),
    vote_average: z.number().min(0).max(10).optional(),
    tmdb_id: tmdbIdSchema.nullable().optional(),
    episodes: z
      .array(episodeInputSchema)
      .max(2_000)
      .refine((e) => uniqueNumbers(e.map((x) => x.episode_number)), { message: 'each episode_number once' })
      .optional()
      .meta({ description: "Replace the season's episodes; absent: they stay as they are" }),
  })
  .meta({ id: 'SeasonInput' });

/** The fields an admin may set; every one optional here (PATCH), the create schema adds what is required. */
const movieFields = {
  title: text(300).min(1, { message: 'is required' }),
  year: z.number().int().min(1870).max(2200).nullable(),
  synopsis: text(10_000),
  description: text(10_000).meta({ description: 'Another name for `synopsis`' }),
  release_date: catalogueDateSchema.nullable().meta({ description: 'For a series, its first air date' }),
  runtime: z.number().int().min(1).max(1_000).nullable().meta({ description: 'Minutes; a series has none' }),
  genres: z.array(text(50).min(1)).max(20).meta({ description: 'Names from GET /api/movies/genres' }),
  cast: z.array(castInputSchema).max(200),
  poster_url: urlText.nullable(),
  backdrop_url: urlText.nullable(),
  homepage: urlText.nullable(),
  network_logo: urlText.nullable(),
  language: z
    .string()
    .max(12)
    .regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, { message: 'must be a language tag such as en or pt-BR' })
    .nullable(),
  certification: z.enum(CERTIFICATIONS).nullable().meta({ description: 'MPA for a film (G … NC-17), US TV rating for a series (TV-Y … TV-MA)' }),
  popularity: z.number().min(0).max(1_000_000),
  tmdb_id: tmdbIdSchema.nullable().meta({ description: "TMDb's movie id for a film, its tv id for a series" }),
  seasons: z
    .array(seasonInputSchema)
    .max(500)
    .refine((s) => uniqueNumbers(s.map((x) => x.season_number)), { message: 'each season_number once' })
    .meta({ description: "A series' seasons: they replace the ones it has, matched by season_number (ids stay)" }),
};

const sameText = (b: { synopsis?: string; description?: string }) =>
  b.synopsis === undefined || b.description === undefined || b.synopsis === b.description;
const sameTextError = { message: 'synopsis and description are the same text; give one of them', path: ['description'] };

const optionalMovieFields = z.object(movieFields).partial();

export const movieChangesSchema = optionalMovieFields
  .extend({ is_series: z.boolean().optional().meta({ description: 'Must be what the entry is: a film stays a film, a series a series' }) })
  .refine(sameText, sameTextError)
  .meta({ id: 'MovieChanges', description: 'Any subset of the fields; PUT and PATCH both change only what is given. A film stays a film.' });

export const newMovieSchema = z
  .object({
    ...optionalMovieFields.shape,
    is_series: z.boolean().default(false).meta({ description: 'A series (with `seasons`, without `runtime`) rather than a film' }),
    title: movieFields.title,
    genres: movieFields.genres.default([]),
    cast: movieFields.cast.default([]),
  })
  .refine(sameText, sameTextError)
  .refine((b) => b.year != null || b.release_date != null, { message: 'give year or release_date', path: ['year'] })
  .refine((b) => b.synopsis !== undefined || b.description !== undefined, { message: 'give synopsis or description', path: ['synopsis'] })
  .meta({ id: 'NewMovie' });
