import type { ApiRouter } from '@marquee/http';
import type { DeliveriesService } from '../domain/deliveries.service';
import { deliveryBody, deliveryListQuerySchema, deliveryPageSchema, queuedSchema, sendEmailSchema, sendSmsSchema } from './schemas';

const tags = ['notifications'];

/** The admin's side: the delivery log and messages sent by hand (queued like any other). */
export function deliveriesRoutes(router: ApiRouter, deliveries: DeliveriesService): void {
  router.route({
    method: 'get',
    path: '/api/notifications/deliveries',
    summary: 'The delivery log: every e-mail and SMS, newest first',
    description: 'Filter by `status` (pending, sent, failed) and `channel` (email, sms). A pending one shows its attempts so far, the last error and when it is tried next.',
    tags,
    auth: 'admin',
    request: { query: deliveryListQuerySchema },
    responses: { 200: { description: 'A page of deliveries', schema: deliveryPageSchema } },
    handler: async ({ query }) => {
      const page = await deliveries.list({ status: query.status, channel: query.channel }, query);
      return { ...page, items: page.items.map(deliveryBody) };
    },
  });

  router.route({
    method: 'post',
    path: '/api/notifications/send-email',
    summary: 'Send an e-mail',
    description: 'Queued as a delivery and sent by the deliveries job (retried with backoff); follow it in the delivery log.',
    tags,
    auth: 'admin',
    request: { body: sendEmailSchema },
    responses: { 202: { description: 'Queued', schema: queuedSchema } },
    handler: async ({ body }) => ({ delivery_id: await deliveries.queueEmail(body.to, body.subject, body.text), status: 'pending' as const }),
  });

  router.route({
    method: 'post',
    path: '/api/notifications/send-sms',
    summary: 'Send an SMS',
    description: 'Queued as a delivery and sent through the SMS provider by the deliveries job; follow it in the delivery log.',
    tags,
    auth: 'admin',
    request: { body: sendSmsSchema },
    responses: { 202: { description: 'Queued', schema: queuedSchema } },
    handler: async ({ body }) => ({ delivery_id: await deliveries.queueSms(body.to, body.text), status: 'pending' as const }),
  });
}
