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

/** One entry of `/tv/popular` and `/search/tv`: a series is `name`d, not `title`d. */
export const tmdbTvListItemSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  overview: optionalText,
  first_air_date: optionalText,
  genre_ids: z.array(z.number().int()).default([]),
  poster_path: optionalText,
  popularity: z.number().nonnegative().default(0),
});

function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    page: z.number().int().min(1),
    results: z.array(item),
    total_pages: z.number().int().min(0),
    total_results: z.number().int().min(0),
  });
}

export const tmdbPageSchema = pageOf(tmdbListItemSchema);
export const tmdbTvPageSchema = pageOf(tmdbTvListItemSchema);
/** A page of any list: the import only needs the ids and how many pages there are. */
export type TmdbPage = { page: number; results: { id: number }[]; total_pages: number; total_results: number };

const creditsSchema = z
  .object({
    cast: z.array(z.object({ name: z.string(), character: optionalText, order: z.number().int().nonnegative().nullish() })).default([]),
  })
  .default({ cast: [] });

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
  homepage: optionalText,
  credits: creditsSchema,
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

/** A season as `/tv/{id}` lists it (without episodes). */
const tmdbSeasonSummarySchema = z.object({
  id: z.number().int().positive().nullish(),
  season_number: z.number().int().nonnegative(),
  name: optionalText,
  overview: optionalText,
  air_date: optionalText,
  episode_count: z.number().int().nonnegative().nullish(),
  poster_path: optionalText,
  vote_average: z.number().nullish(),
});

/** `/tv/{id}?append_to_response=credits,content_ratings`. */
export const tmdbTvDetailsSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  overview: optionalText,
  first_air_date: optionalText,
  genres: z.array(z.object({ id: z.number().int(), name: z.string() })).default([]),
  homepage: optionalText,
  networks: z.array(z.object({ id: z.number().int(), name: z.string().nullish(), logo_path: optionalText })).default([]),
  poster_path: optionalText,
  backdrop_path: optionalText,
  original_language: optionalText,
  popularity: z.number().nonnegative().default(0),
  seasons: z.array(tmdbSeasonSummarySchema).default([]),
  credits: creditsSchema,
  content_ratings: z
    .object({ results: z.array(z.object({ iso_3166_1: z.string(), rating: z.string().default('') })).default([]) })
    .default({ results: [] }),
});
export type TmdbTvDetails = z.infer<typeof tmdbTvDetailsSchema>;

/** `/tv/{id}/season/{n}`: the season with its episodes. */
export const tmdbSeasonSchema = z.object({
  season_number: z.number().int().nonnegative(),
  episodes: z
    .array(
      z.object({
        id: z.number().int().positive().nullish(),
        episode_number: z.number().int().nonnegative(),
        name: optionalText,
        overview: optionalText,
        air_date: optionalText,
        runtime: z.number().int().nonnegative().nullish(),
        still_path: optionalText,
        vote_average: z.number().nullish(),
      }),
    )
    .default([]),
});
export type TmdbSeason = z.infer<typeof tmdbSeasonSchema>;

/** TMDb's error body, e.g. `{ "status_code": 7, "status_message": "Invalid API key: …", "success": false }`. */
export const tmdbErrorSchema = z.object({
  status_code: z.number().int(),
  status_message: z.string(),
  success: z.boolean().optional(),
});
export type TmdbErrorBody = z.infer<typeof tmdbErrorSchema>;
