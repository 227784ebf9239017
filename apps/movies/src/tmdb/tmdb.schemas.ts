import { z } from 'zod';

// TMDb v3 answers, as documented (developer.themoviedb.org/reference). Only the fields we use are
// checked; unknown ones are dropped. Optional strings come back as "" or null, so both are allowed.

const optionalText = z.string().nullish();

/** One entry of `/movie/popular`, `/movie/upcoming`, `/trending/movie/week`, `/search/movie`. */
export const tmdbListItemSchema = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  overview: optionalText,
  release_date: optionalText,
  genre_ids: z.array(z.number().int()).default([]),
  poster_path: optionalText,
  backdrop_path: optionalText,
  original_language: optionalText,
  popularity: z.number().nonnegative().default(0),
  vote_average: z.number().optional(),
  vote_count: z.number().optional(),
});

export const tmdbPageSchema = z.object({
  page: z.number().int().min(1),
  results: z.array(tmdbListItemSchema),
  total_pages: z.number().int().min(0),
  total_results: z.number().int().min(0),
});
export type TmdbPage = z.infer<typeof tmdbPageSchema>;

/** `/movie/{id}?append_to_response=credits,release_dates`. */
export const tmdbMovieDetailsSchema = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  overview: optionalText,
  release_date: optionalText,
  runtime: z.number().int().nonnegative().nullish(),
  genres: z.array(z.object({ id: z.number().int(), name: z.string() })).default([]),
  poster_path: optionalText,
  backdrop_path: optionalText,
  original_language: optionalText,
  popularity: z.number().nonnegative().default(0),
  credits: z
    .object({
      cast: z.array(z.object({ name: z.string(), character: optionalText, order: z.number().int().nonnegative().nullish() })).default([]),
    })
    .default({ cast: [] }),
  release_dates: z
    .object({
      results: z
        .array(
          z.object({
            iso_3166_1: z.string(),
            release_dates: z.array(z.object({ certification: z.string().default(''), type: z.number().int().optional() })).default([]),
          }),
        )
        .default([]),
    })
    .default({ results: [] }),
});
export type TmdbMovieDetails = z.infer<typeof tmdbMovieDetailsSchema>;

/** TMDb's error body, e.g. `{ "status_code": 7, "status_message": "Invalid API key: …", "success": false }`. */
export const tmdbErrorSchema = z.object({
  status_code: z.number().int(),
  status_message: z.string(),
  success: z.boolean().optional(),
});
export type TmdbErrorBody = z.infer<typeof tmdbErrorSchema>;
