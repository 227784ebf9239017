import type { Db } from '@marquee/service';
import type { Bounds, Slice } from '@marquee/contracts';

/** One in-app notification of a user. */
export interface Notification {
  id: string;
  user_id: string;
  type: string;
  title: string;
  message: string;
  movie_id: string | null;
  image: string | null;
  read: boolean;
  created_at: Date;
}

export interface NewNotification {
  id: string;
  user_id: string;
  type: string;
  title: string;
  message: string;
  movie_id: string | null;
  image: string | null;
  /** The event that caused it: one notification per user and event, however often it arrives. */
  source_event_id: string;
}

/** Ids marked read at once, at most. */
export const MAX_READ_IDS = 100;

/** Where in-app notifications live; `data/notifications.repository.ts` implements it. */
export interface NotificationsStore {
  /** Adds it unless this user already has one from this event. */
  insert(db: Db, notification: NewNotification): Promise<void>;
  pageOfUser(db: Db, userId: string, unreadOnly: boolean, bounds: Bounds): Promise<Slice<Notification>>;
  unreadCount(db: Db, userId: string): Promise<number>;
  /** Marks those of `ids` that are this user's and unread; answers how many changed. */
  markRead(db: Db, userId: string, ids: readonly string[]): Promise<number>;
}
