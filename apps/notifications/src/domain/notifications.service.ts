import { pageBounds, sliceToPage, type Page, type PaginationQuery } from '@marquee/contracts';
import type { DomainPlatform } from '@marquee/service';
import type { Notification, NotificationsStore } from './notification';

export interface NotificationsDeps extends DomainPlatform {
  notifications: NotificationsStore;
}

/** A user's in-app notifications: the list (newest first) and marking them read. */
export class NotificationsService {
  constructor(private readonly deps: NotificationsDeps) {}

  async listOfUser(userId: string, query: PaginationQuery & { unread_only: boolean }): Promise<Page<Notification> & { unread_count: number }> {
    const { db, notifications } = this.deps;
    const [slice, unread] = await Promise.all([notifications.pageOfUser(db, userId, query.unread_only, pageBounds(query)), notifications.unreadCount(db, userId)]);
    return { ...sliceToPage(slice, query), unread_count: unread };
  }

  /** Only the caller's own notifications change; someone else's id (or an unknown one) changes nothing. */
  async markRead(userId: string, ids: readonly string[]): Promise<{ marked: number; unread_count: number }> {
    const { db, notifications } = this.deps;
    const marked = await notifications.markRead(db, userId, [...new Set(ids)]);
    return { marked, unread_count: await notifications.unreadCount(db, userId) };
  }
}
