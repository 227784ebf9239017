import { z } from 'zod';
import { isoDateSchema, uuidSchema } from '../primitives';

/**
 * A movie as showtimes (valid ids, runtime for overlap checks), reviews and analytics keep it.
 * Every key is always present; an unknown value is `null`.
 */
const movieSnapshotSchema = z.object({
  movie_id: uuidSchema,
  title: z.string().min(1),
  year: z.number().int().nullable(),
  release_date: isoDateSchema.nullable(),
  /** Running time in minutes. */
  runtime: z.number().int().positive().nullable(),
  /** Genre names (`"Drama"`). */
  genres: z.array(z.string().min(1)),
  language: z.string().nullable(),
  poster_url: z.string().nullable(),
  /** TMDb id, unique together with `is_series` (films and series are separate id spaces at TMDb). */
  tmdb_id: z.number().int().positive().nullable(),
  /**
   * A series (seasons, episodes, no runtime) rather than a film: showtimes schedule films only.
   * Producers always send it; events written before it existed read as films.
   */
  is_series: z.boolean().default(false),
  /** Deletion is soft: a deleted movie keeps its id, and this is `true`. */
  deleted: z.boolean(),
});

/** `movie.created`: a movie entered the catalogue (by hand or imported from TMDb). */
export const movieCreatedDataSchema = movieSnapshotSchema.extend({ deleted: z.literal(false) });
export type MovieCreatedData = z.infer<typeof movieCreatedDataSchema>;

/** `movie.updated`: the movie after the change. */
export const movieUpdatedDataSchema = movieSnapshotSchema;
export type MovieUpdatedData = z.infer<typeof movieUpdatedDataSchema>;

/** `movie.deleted`: the movie was (soft) deleted; no new showtimes or reviews for it. */
export const movieDeletedDataSchema = movieSnapshotSchema.extend({ deleted: z.literal(true) });
export type MovieDeletedData = z.infer<typeof movieDeletedDataSchema>;
