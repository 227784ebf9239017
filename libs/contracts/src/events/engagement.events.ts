import { z } from 'zod';
import { isoDateTimeSchema, uuidSchema } from '../primitives';

/**
 * What signed-in users do with the catalogue, as the movies service announces it: favourites
 * and views. Analytics counts them per movie and per user.
 */
const favouriteSchema = z.object({
  user_id: uuidSchema,
  movie_id: uuidSchema,
});

/**
 * `favourite.added`: the movie became one of the user's favourites. Only a real change is
 * announced: adding a favourite that is already there publishes nothing, so for one user and
 * movie the events alternate added, removed, added, … starting with added. A consumer can count
 * the pair as a favourite while it has seen more `favourite.added` than `favourite.removed`,
 * whatever order they arrive in.
 */
export const favouriteAddedDataSchema = favouriteSchema;
export type FavouriteAddedData = z.infer<typeof favouriteAddedDataSchema>;

/** `favourite.removed`: the movie is no longer a favourite of the user (it was one until now). */
export const favouriteRemovedDataSchema = favouriteSchema;
export type FavouriteRemovedData = z.infer<typeof favouriteRemovedDataSchema>;

/**
 * `movie.viewed`: a signed-in user opened the movie's details; one event per visit (the movies
 * service's history counts them as `view_count`). Anonymous visits are not announced.
 */
export const movieViewedDataSchema = z.object({
  user_id: uuidSchema,
  movie_id: uuidSchema,
  /** When the visit was recorded. */
  viewed_at: isoDateTimeSchema,
});
export type MovieViewedData = z.infer<typeof movieViewedDataSchema>;
