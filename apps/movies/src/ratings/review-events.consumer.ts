import type { ReviewCreatedData, ReviewDeletedData, ReviewUpdatedData } from '@marquee/contracts';
import type { Logger } from '@marquee/core';
import type { Db, EventHandlers } from '@marquee/service';
import type { HistoryStore } from '../history/history.store';
import type { RatingStore } from './ratings.store';

/**
 * Keeps each review's rating (for recommendations) and each movie's rating aggregate from
 * `review.created|updated|deleted`. Every event states the review's rating outright, so each is
 * applied as "this review now has this rating" (or is gone), ordered by the event's `time`; the
 * aggregate is then recomputed from the reviews. A redelivered event never gets here (the
 * platform's inbox), and a late, older one changes nothing.
 */
export function reviewEventHandlers(ratings: RatingStore, history: Pick<HistoryStore, 'recordActivity'>, logger: Logger): EventHandlers {
  const apply = async (
    data: ReviewCreatedData | ReviewUpdatedData | ReviewDeletedData,
    event: { id: string; type: string; time: string },
    client: Db,
    deleted: boolean,
  ): Promise<boolean> => {
    const at = new Date(event.time);
    const changed = await ratings.apply(client, { review_id: data.review_id, user_id: data.user_id, movie_id: data.movie_id, rating: data.rating, deleted, at });
    if (!changed) {
      logger.debug('older review event ignored', { event_id: event.id, event_type: event.type, review_id: data.review_id });
      return false;
    }
    await ratings.refreshAggregate(client, data.movie_id);
    return true;
  };
  return {
    'review.created': async (data, event, client) => {
      if (await apply(data, event, client, false)) await history.recordActivity(client, data.movie_id, 'review', data.user_id, new Date(event.time));
    },
    'review.updated': async (data, event, client) => void (await apply(data, event, client, false)),
    'review.deleted': async (data, event, client) => void (await apply(data, event, client, true)),
  };
}
