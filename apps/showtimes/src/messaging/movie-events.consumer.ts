import type { DomainEvent, MovieCreatedData, MovieDeletedData, MovieUpdatedData } from '@marquee/contracts';
import type { Logger } from '@marquee/core';
import type { Db, EventHandlers } from '@marquee/service';
import type { KnownMoviesStore } from '../domain/movie';

type MovieEvent = DomainEvent<'movie.created' | 'movie.updated' | 'movie.deleted'>;

/**
 * Keeps the movie read model from `movie.created|updated|deleted`. Each carries the whole movie,
 * so each is an upsert ordered by the event's `time`: a late, older event changes nothing, and a
 * deletion wins a tie. The platform's inbox makes a redelivery a no-op before it gets here.
 */
export function movieEventHandlers(movies: KnownMoviesStore, logger: Logger): EventHandlers {
  const apply = async (data: MovieCreatedData | MovieUpdatedData | MovieDeletedData, event: MovieEvent, client: Db) => {
    const changed = await movies.apply(client, {
      movie_id: data.movie_id,
      title: data.title,
      runtime: data.runtime,
      is_series: data.is_series,
      deleted: data.deleted,
      at: new Date(event.time),
    });
    if (!changed) logger.debug('older movie event ignored', { event_id: event.id, event_type: event.type, movie_id: data.movie_id });
  };
  return {
    'movie.created': (data, event, client) => apply(data, event, client),
    'movie.updated': (data, event, client) => apply(data, event, client),
    'movie.deleted': (data, event, client) => apply(data, event, client),
  };
}
