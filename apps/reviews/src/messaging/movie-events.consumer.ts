import type { DomainEvent, MovieCreatedData, MovieDeletedData, MovieUpdatedData } from '@marquee/contracts';
import type { Logger } from '@marquee/core';
import type { Db, EventHandlers } from '@marquee/service';
import type { KnownMoviesStore } from '../domain/known-movies.store';

type MovieEvent = DomainEvent<'movie.created' | 'movie.updated' | 'movie.deleted'>;

/**
 * Keeps the known movies from `movie.created|updated|deleted`. Every one of them carries the
 * whole movie, so each is an upsert: an update for an id never seen (its creation not delivered
 * yet, or from before this service existed) creates the row; a deletion marks it deleted. The
 * event's `time` orders them, so a late, older event changes nothing. The platform's inbox makes
 * a redelivered event a no-op before it gets here.
 */
export function movieEventHandlers(movies: KnownMoviesStore, logger: Logger): EventHandlers {
  const apply = async (data: MovieCreatedData | MovieUpdatedData | MovieDeletedData, event: MovieEvent, client: Db) => {
    const changed = await movies.apply(client, { movie_id: data.movie_id, title: data.title, deleted: data.deleted, at: new Date(event.time) });
    if (!changed) logger.debug('older movie event ignored', { event_id: event.id, event_type: event.type, movie_id: data.movie_id });
  };
  return {
    'movie.created': (data, event, client) => apply(data, event, client),
    'movie.updated': (data, event, client) => apply(data, event, client),
    'movie.deleted': (data, event, client) => apply(data, event, client),
  };
}
