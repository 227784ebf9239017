import { z } from 'zod';
import { kindQuerySchema, pageQuerySchema, text } from '../movie/movie.schemas';

/** Longest search text: longer is not a title, a genre or a name. */
export const MAX_SEARCH_LENGTH = 200;

export const sortSchema = z.enum(['popularity', 'rating', 'release_date', 'title']);

const searchText = z.string().trim().max(MAX_SEARCH_LENGTH);

export const listQuerySchema = pageQuerySchema.extend({
  type: kindQuerySchema,
  q: searchText.optional().meta({ description: 'Search text (title, genre or cast); sorts by relevance unless `sort` is given' }),
  genre: text(50).min(1).optional().meta({ description: 'A genre name' }),
  year: z.coerce.number().int().min(1870).max(2200).optional(),
  sort: sortSchema.optional().meta({ description: 'Default: relevance when searching, else popularity' }),
});

export const searchQuerySchema = pageQuerySchema.extend({
  q: z.string({ message: 'is required' }).trim().min(1, { message: 'is required' }).max(MAX_SEARCH_LENGTH),
  type: kindQuerySchema,
});
