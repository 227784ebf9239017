import { isoDateSchema, pageSchema, paginationQuerySchema } from '@marquee/contracts';
import { z } from 'zod';
import { CERTIFICATIONS } from '../domain/movie';

// ---- answers -------------------------------------------------------------------------------

export const castMemberSchema = z
  .object({ name: z.string(), character: z.string().nullable(), order: z.number().int() })
  .meta({ id: 'CastMember' });

export const movieSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    year: z.number().int().nullable(),
    synopsis: z.string(),
    description: z.string().meta({ description: 'The same text as `synopsis`' }),
    release_date: z.string().nullable().meta({ description: 'YYYY-MM-DD' }),
    runtime: z.number().int().nullable().meta({ description: 'Minutes' }),
    genres: z.array(z.string()),
    cast: z.array(castMemberSchema),
    poster_url: z.string().nullable(),
    backdrop_url: z.string().nullable(),
    language: z.string().nullable(),
    certification: z.enum(CERTIFICATIONS).nullable(),
    rating: z.number().meta({ description: 'Average of the reviews, 2 decimals; 0 when none' }),
    rating_count: z.number().int(),
    popularity: z.number(),
    is_favorite: z.boolean().optional().meta({ description: 'Only when signed in' }),
    tmdb_id: z.number().int().nullable(),
  })
  .meta({ id: 'Movie' });

export const moviePageSchema = pageSchema(movieSchema).meta({ id: 'MoviePage' });

export const movieDetailsSchema = movieSchema
  .extend({ similar: z.array(movieSchema).meta({ description: 'Up to 8 movies sharing genres or cast' }) })
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

export const idParamsSchema = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
export const movieIdParamsSchema = z.object({ movie_id: z.uuid({ message: 'must be a UUID' }) });
export const movieIdQuerySchema = z.object({ movie_id: z.uuid({ message: 'must be a UUID' }) });
export const movieIdBodySchema = z.object({ movie_id: z.uuid({ message: 'must be a UUID' }) }).meta({ id: 'FavouriteRequest' });

const text = (max: number) => z.string().trim().max(max);
const urlText = z.url({ message: 'must be a URL' }).max(2_000);
const castInputSchema = z.object({
  name: text(200).min(1, { message: 'is required' }),
  character: text(200).nullable().optional(),
  order: z.number().int().min(0).max(10_000).optional(),
});

/** The fields an admin may set; every one optional here (PATCH), the create schema adds what is required. */
const movieFields = {
  title: text(300).min(1, { message: 'is required' }),
  year: z.number().int().min(1870).max(2200).nullable(),
  synopsis: text(10_000),
  description: text(10_000).meta({ description: 'Another name for `synopsis`' }),
  release_date: isoDateSchema.nullable(),
  runtime: z.number().int().min(1).max(1_000).nullable().meta({ description: 'Minutes' }),
  genres: z.array(text(50).min(1)).max(20).meta({ description: 'Names from GET /api/movies/genres' }),
  cast: z.array(castInputSchema).max(200),
  poster_url: urlText.nullable(),
  backdrop_url: urlText.nullable(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, { message: 'must be a language tag such as en or pt-BR' })
    .nullable(),
  certification: z.enum(CERTIFICATIONS).nullable(),
  popularity: z.number().min(0).max(1_000_000),
  tmdb_id: z.number().int().positive().nullable(),
};

const sameText = (b: { synopsis?: string; description?: string }) =>
  b.synopsis === undefined || b.description === undefined || b.synopsis === b.description;
const sameTextError = { message: 'synopsis and description are the same text; give one of them', path: ['description'] };

const optionalMovieFields = z.object(movieFields).partial();

export const movieChangesSchema = optionalMovieFields
  .refine(sameText, sameTextError)
  .meta({ id: 'MovieChanges', description: 'Any subset of the fields; PUT and PATCH both change only what is given' });

export const newMovieSchema = z
  .object({
    ...optionalMovieFields.shape,
    title: movieFields.title,
    genres: movieFields.genres.default([]),
    cast: movieFields.cast.default([]),
  })
  .refine(sameText, sameTextError)
  .refine((b) => b.year != null || b.release_date != null, { message: 'give year or release_date', path: ['year'] })
  .refine((b) => b.synopsis !== undefined || b.description !== undefined, { message: 'give synopsis or description', path: ['synopsis'] })
  .meta({ id: 'NewMovie' });

export const sortSchema = z.enum(['popularity', 'rating', 'release_date', 'title']);

export const listQuerySchema = paginationQuerySchema.extend({
  q: z.string().trim().max(200).optional().meta({ description: 'Search text (title, genre or cast); sorts by relevance unless `sort` is given' }),
  genre: z.string().trim().min(1).max(50).optional().meta({ description: 'A genre name' }),
  year: z.coerce.number().int().min(1870).max(2200).optional(),
  sort: sortSchema.optional().meta({ description: 'Default: relevance when searching, else popularity' }),
});

export const searchQuerySchema = paginationQuerySchema.extend({
  q: z.string({ message: 'is required' }).trim().min(1, { message: 'is required' }).max(200),
});

export const importRequestSchema = z
  .object({
    source: z.enum(['popular', 'trending', 'upcoming', 'search']),
    q: z.string().trim().min(1).max(200).optional(),
    pages: z.number().int().min(1).max(5).default(1),
  })
  .refine((b) => b.source !== 'search' || b.q !== undefined, { message: 'is required when source is search', path: ['q'] })
  .meta({ id: 'ImportRequest' });
