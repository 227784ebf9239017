import { isoDateSchema, pageSchema, paginationQuerySchema } from '@marquee/contracts';
import { z } from 'zod';
import { CERTIFICATIONS, EARLIEST_DATE, isCatalogueDate, KINDS, LATEST_DATE } from '../domain/movie';

// ---- answers -------------------------------------------------------------------------------

export const castMemberSchema = z
  .object({ name: z.string(), character: z.string().nullable(), order: z.number().int() })
  .meta({ id: 'CastMember' });

export const movieSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    is_series: z.boolean().meta({ description: 'A series (seasons and episodes in its details) rather than a film' }),
    year: z.number().int().nullable(),
    synopsis: z.string(),
    description: z.string().meta({ description: 'The same text as `synopsis`' }),
    release_date: z.string().nullable().meta({ description: 'YYYY-MM-DD; for a series, its first air date' }),
    runtime: z.number().int().nullable().meta({ description: 'Minutes; null for a series' }),
    genres: z.array(z.string()),
    cast: z.array(castMemberSchema),
    poster_url: z.string().nullable(),
    backdrop_url: z.string().nullable(),
    language: z.string().nullable(),
    certification: z.enum(CERTIFICATIONS).nullable().meta({ description: 'MPA for a film, US TV rating for a series' }),
    rating: z.number().meta({ description: 'Average of the reviews, 2 decimals; 0 when none' }),
    rating_count: z.number().int(),
    popularity: z.number(),
    is_favorite: z.boolean().optional().meta({ description: 'Only when signed in' }),
    tmdb_id: z.number().int().nullable().meta({ description: "TMDb's id: a movie id for a film, a tv id for a series" }),
  })
  .meta({ id: 'Movie' });

export const episodeSchema = z
  .object({
    id: z.uuid(),
    episode_number: z.number().int(),
    season_number: z.number().int(),
    name: z.string(),
    overview: z.string(),
    air_date: z.string().nullable().meta({ description: 'YYYY-MM-DD' }),
    runtime: z.number().int().nullable().meta({ description: 'Minutes' }),
    still_url: z.string().nullable(),
    vote_average: z.number(),
  })
  .meta({ id: 'Episode' });

export const seasonSchema = z
  .object({
    id: z.uuid(),
    season_number: z.number().int().meta({ description: '0 holds the specials' }),
    name: z.string(),
    overview: z.string(),
    air_date: z.string().nullable().meta({ description: 'YYYY-MM-DD' }),
    episode_count: z.number().int(),
    poster_url: z.string().nullable(),
    vote_average: z.number(),
    episodes: z.array(episodeSchema),
  })
  .meta({ id: 'Season' });

/** A film or series with everything it has: what admin changes answer, and the base of the details. */
export const catalogueEntrySchema = movieSchema
  .extend({
    homepage: z.string().nullable(),
    network_logo: z.string().nullable().meta({ description: "The network's logo (series)" }),
    seasons: z.array(seasonSchema).meta({ description: 'A series\' seasons with their episodes, in order; empty for a film' }),
  })
  .meta({ id: 'CatalogueEntry' });

export const moviePageSchema = pageSchema(movieSchema).meta({ id: 'MoviePage' });

export const movieDetailsSchema = catalogueEntrySchema
  .extend({ similar: z.array(movieSchema).meta({ description: 'Up to 8 entries of the same kind sharing genres or cast' }) })
  .meta({ id: 'MovieDetails' });

export const recommendationSchema = movieSchema
  .extend({ score: z.number(), reason: z.string().meta({ example: 'because you liked Inception' }) })
  .meta({ id: 'Recommendation' });
export const recommendationPageSchema = pageSchema(recommendationSchema).meta({ id: 'RecommendationPage' });

export const historyEntrySchema = movieSchema
  .extend({ viewed_at: z.string().meta({ description: 'When I last viewed it' }), view_count: z.number().int() })
  .meta({ id: 'HistoryEntry' });
export const historyPageSchema = pageSchema(historyEntrySchema).meta({ id: 'HistoryPage' });

export const favouriteEntrySchema = movieSchema.extend({ favourited_at: z.string() }).meta({ id: 'FavouriteMovie' });
export const favouritePageSchema = pageSchema(favouriteEntrySchema).meta({ id: 'FavouritePage' });

export const favouriteSchema = z.object({ movie_id: z.uuid(), created_at: z.string() }).meta({ id: 'Favourite' });

export const genreListSchema = z.object({ items: z.array(z.object({ id: z.number().int(), name: z.string() })) }).meta({ id: 'GenreList' });

export const importResultSchema = z
  .object({ imported: z.number().int(), created: z.number().int(), updated: z.number().int(), skipped: z.number().int() })
  .meta({ id: 'ImportResult' });

export const cacheHeaders = z.object({ 'X-Cache': z.enum(['HIT', 'MISS']).meta({ description: 'Whether the answer came from the cache' }) });

// ---- requests ------------------------------------------------------------------------------
//
// Every bound matches where the value is stored: integers within their int4 column, dates within
// the years the catalogue accepts (PostgreSQL takes 4713 BC to 5874897 AD, JavaScript and the
// year CHECK much less), text short enough for its column, its indexes and the tsvector, URLs
// http(s) only (a javascript: or data: poster would run in a client's page).

/** The largest value of a PostgreSQL `integer` column. */
export const INT4_MAX = 2_147_483_647;
/** The deepest page served: enough for any catalogue, and the offset stays an ordinary number. */
export const MAX_PAGE = 100_000;
/** Longest search text: longer is not a title, a genre or a name. */
export const MAX_SEARCH_LENGTH = 200;

/** A well-formed calendar date (`2020-02-30` is not one) between EARLIEST_DATE and LATEST_DATE. */
export const catalogueDateSchema = isoDateSchema.refine(isCatalogueDate, {
  message: `must be a date between ${EARLIEST_DATE} and ${LATEST_DATE}`,
});

/** `page` and `limit` as in every service, with `page` bounded. */
export const pageQuerySchema = paginationQuerySchema.extend({ page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1) });

const kindQuery = z.enum(KINDS).optional().meta({ description: '`movie`: films only; `series`: series only; both when absent' });

export const idParamsSchema = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
export const movieIdParamsSchema = z.object({ movie_id: z.uuid({ message: 'must be a UUID' }) });

const forUser = z
  .uuid({ message: 'must be a UUID' })
  .optional()
  .meta({ description: 'Whose favourites: mine when absent; another user only for an admin (else 403)' });
/** A page of one user's own things (favourites, history, recommendations): the caller's, or `user_id`'s for an admin. */
export const userPageQuerySchema = pageQuerySchema.extend({ user_id: forUser });
export const favouritesQuerySchema = userPageQuerySchema;
export const userIdQuerySchema = z.object({ user_id: forUser });
export const movieIdQuerySchema = z.object({ movie_id: z.uuid({ message: 'must be a UUID' }), user_id: forUser });
export const movieIdBodySchema = z.object({ movie_id: z.uuid({ message: 'must be a UUID' }), user_id: forUser }).meta({ id: 'FavouriteRequest' });

const text = (max: number) => z.string().trim().max(max);
const urlText = z.url({ protocol: /^https?$/, message: 'must be an http or https URL' }).max(2_000);
const tmdbId = z.number().int().positive().max(INT4_MAX);
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
    tmdb_id: tmdbId.nullable().optional(),
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
    tmdb_id: tmdbId.nullable().optional(),
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
  tmdb_id: tmdbId.nullable().meta({ description: "TMDb's movie id for a film, its tv id for a series" }),
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

export const sortSchema = z.enum(['popularity', 'rating', 'release_date', 'title']);

const searchText = z.string().trim().max(MAX_SEARCH_LENGTH);

export const listQuerySchema = pageQuerySchema.extend({
  type: kindQuery,
  q: searchText.optional().meta({ description: 'Search text (title, genre or cast); sorts by relevance unless `sort` is given' }),
  genre: text(50).min(1).optional().meta({ description: 'A genre name' }),
  year: z.coerce.number().int().min(1870).max(2200).optional(),
  sort: sortSchema.optional().meta({ description: 'Default: relevance when searching, else popularity' }),
});

export const searchQuerySchema = pageQuerySchema.extend({
  q: z.string({ message: 'is required' }).trim().min(1, { message: 'is required' }).max(MAX_SEARCH_LENGTH),
  type: kindQuery,
});

export const cachedListQuerySchema = pageQuerySchema.extend({ type: kindQuery });

/** TMDb lists of films; `tv_popular` is the list of series. */
const FILM_LISTS = ['popular', 'trending', 'upcoming'] as const;
export const IMPORT_SOURCES = [...FILM_LISTS, 'search', 'tv_popular'] as const;

export const importRequestSchema = z
  .object({
    source: z.enum(IMPORT_SOURCES).optional().meta({ description: 'A TMDb list, or `search` (with `q`); absent when `tmdb_id` is given' }),
    q: text(MAX_SEARCH_LENGTH).min(1).optional(),
    tmdb_id: tmdbId.optional().meta({ description: 'Import this one film (or, with `type: "series"`, this one series) instead of a list' }),
    type: z.enum(KINDS).optional().meta({ description: 'What `search` and `tmdb_id` look for: `movie` (default) or `series`' }),
    pages: z.number().int().min(1).max(5).default(1),
  })
  .refine((b) => b.source !== undefined || b.tmdb_id !== undefined, { message: 'give a source, or a tmdb_id to import one entry', path: ['source'] })
  .refine((b) => b.source === undefined || b.tmdb_id === undefined, { message: 'give either a source (a list) or a tmdb_id (one entry), not both', path: ['tmdb_id'] })
  .refine((b) => b.source !== 'search' || b.q !== undefined, { message: 'is required when source is search', path: ['q'] })
  .refine((b) => b.type !== 'series' || !(FILM_LISTS as readonly string[]).includes(b.source ?? ''), {
    message: 'popular, trending and upcoming are lists of films; series come from tv_popular, search or tmdb_id',
    path: ['type'],
  })
  .refine((b) => b.type !== 'movie' || b.source !== 'tv_popular', { message: 'tv_popular lists series', path: ['type'] })
  .meta({ id: 'ImportRequest' });
