import { z } from 'zod';
import { KINDS } from '../movie/movie';
import { text, tmdbIdSchema } from '../movie/movie.schemas';
import { MAX_SEARCH_LENGTH } from '../search/search.schemas';

export const importResultSchema = z
  .object({ imported: z.number().int(), created: z.number().int(), updated: z.number().int(), skipped: z.number().int() })
  .meta({ id: 'ImportResult' });

/** TMDb lists of films; `tv_popular` is the list of series. */
const FILM_LISTS = ['popular', 'trending', 'upcoming'] as const;
export const IMPORT_SOURCES = [...FILM_LISTS, 'search', 'tv_popular'] as const;

export const importRequestSchema = z
  .object({
    source: z.enum(IMPORT_SOURCES).optional().meta({ description: 'A TMDb list, or `search` (with `q`); absent when `tmdb_id` is given' }),
    q: text(MAX_SEARCH_LENGTH).min(1).optional(),
    tmdb_id: tmdbIdSchema.optional().meta({ description: 'Import this one film (or, with `type: "series"`, this one series) instead of a list' }),
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
