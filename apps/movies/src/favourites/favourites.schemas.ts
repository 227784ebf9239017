import { pageSchema } from '@marquee/contracts';
import { z } from 'zod';
import { movieSchema, userIdParamSchema, userPageQuerySchema } from '../movie/movie.schemas';

export const favouriteEntrySchema = movieSchema.extend({ favourited_at: z.string() }).meta({ id: 'FavouriteMovie' });
export const favouritePageSchema = pageSchema(favouriteEntrySchema).meta({ id: 'FavouritePage' });

export const favouriteSchema = z.object({ movie_id: z.uuid(), created_at: z.string() }).meta({ id: 'Favourite' });

export const favouritesQuerySchema = userPageQuerySchema;
export const movieIdQuerySchema = z.object({ movie_id: z.uuid({ message: 'must be a UUID' }), user_id: userIdParamSchema });
export const movieIdBodySchema = z.object({ movie_id: z.uuid({ message: 'must be a UUID' }), user_id: userIdParamSchema }).meta({ id: 'FavouriteRequest' });
