import type { UserRegisteredData } from '@marquee/contracts';
import type { Logger } from '@marquee/core';
import type { Db, EventHandlers } from '@marquee/service';
import { resolveGenreEntries, type Genre } from '../catalogue/genres';
import type { UserPreferencesStore } from './user-preferences.store';

/**
 * Keeps the user preferences read model (chosen genres, maturity filter) from
 * `user.registered|updated`. Both carry the whole profile, so each is an upsert ordered by the
 * event's `time`. Genres may arrive as TMDb ids ("28"); they are stored as names.
 */
export function userEventHandlers(preferences: UserPreferencesStore, genres: () => Promise<Genre[]>, logger: Logger): EventHandlers {
  const apply = async (data: UserRegisteredData, event: { id: string; type: string; time: string }, client: Db) => {
    const names = resolveGenreEntries(data.genres, await genres());
    const changed = await preferences.apply(client, { id: data.user_id, genres: names, maturity_filter: data.maturity_filter }, new Date(event.time));
    if (!changed) logger.debug('older user event ignored', { event_id: event.id, event_type: event.type, user_id: data.user_id });
  };
  return {
    'user.registered': (data, event, client) => apply(data, event, client),
    'user.updated': (data, event, client) => apply(data, event, client),
  };
}
