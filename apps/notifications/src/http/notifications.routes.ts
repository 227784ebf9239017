import type { ApiRouter } from '@marquee/http';
import type { NotificationsService } from '../domain/notifications.service';
import { markReadResultSchema, markReadSchema, notificationBody, notificationListQuerySchema, notificationPageSchema } from './schemas';

const tags = ['notifications'];

/** The caller's in-app notifications, under /api/notifications and its /api/profile/notifications alias. */
export function notificationsRoutes(router: ApiRouter, notifications: NotificationsService): void {
  for (const base of ['/api/notifications', '/api/profile/notifications']) {
    const alias = base !== '/api/notifications';
    router.route({
      method: 'get',
      path: base,
      summary: alias ? 'My notifications (alias of GET /api/notifications)' : 'My notifications, newest first',
      description: 'Paged; `unread_only=true` leaves out the read ones. `unread_count` counts all my unread notifications.',
      tags,
      request: { query: notificationListQuerySchema },
      responses: { 200: { description: 'A page of my notifications', schema: notificationPageSchema } },
      handler: async ({ user, query }) => {
        const page = await notifications.listOfUser(user.id, query);
        return { ...page, items: page.items.map(notificationBody) };
      },
    });
    router.route({
      method: 'post',
      path: `${base}/read`,
      summary: alias ? 'Mark notifications read (alias of POST /api/notifications/read)' : 'Mark one or many of my notifications read',
      description: 'Only my own change: an id of someone else’s notification (or an unknown one) changes nothing. Marking twice is harmless.',
      tags,
      request: { body: markReadSchema },
      responses: { 200: { description: 'How many changed, and what is left unread', schema: markReadResultSchema } },
      handler: async ({ user, body }) => {
        const ids = Array.isArray(body.notification_id) ? body.notification_id : [body.notification_id];
        return notifications.markRead(user.id, ids);
      },
    });
  }
}
