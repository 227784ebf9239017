import { isoDateSchema, pageSchema, paginationQuerySchema } from '@marquee/contracts';
import { z } from 'zod';
import { CERTIFICATIONS, EARLIEST_DATE, isCatalogueDate, KINDS, LATEST_DATE } from './movie';

// The HTTP shapes every feature shares: a film or series as answers show it, and the parameters
// (pages, ids, whose lists) many routes take.

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

/** A well-formed calendar date (`2020-02-30` is not one) between EARLIEST_DATE and LATEST_DATE. */
export const catalogueDateSchema = isoDateSchema.refine(isCatalogueDate, {
  message: `must be a date between ${EARLIEST_DATE} and ${LATEST_DATE}`,
});

/** `page` and `limit` as in every service, with `page` bounded. */
export const pageQuerySchema = paginationQuerySchema.extend({ page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1) });

export const kindQuerySchema = z.enum(KINDS).optional().meta({ description: '`movie`: films only; `series`: series only; both when absent' });

export const idParamsSchema = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
export const movieIdParamsSchema = z.object({ movie_id: z.uuid({ message: 'must be a UUID' }) });

/** Whose list a request is about (see actingUser). */
export const userIdParamSchema = z
  .uuid({ message: 'must be a UUID' })
  .optional()
  .meta({ description: 'Whose favourites: mine when absent; another user only for an admin (else 403)' });
/** A page of one user's own things (favourites, history, recommendations): the caller's, or `user_id`'s for an admin. */
export const userPageQuerySchema = pageQuerySchema.extend({ user_id: userIdParamSchema });
export const userIdQuerySchema = z.object({ user_id: userIdParamSchema });

/** Text trimmed and at most `max` characters long. */
export const text = (max: number) => z.string().trim().max(max);
/** A TMDb id: positive, within its int4 column. */
export const tmdbIdSchema = z.number().int().positive().max(INT4_MAX);
