import { paginationQuerySchema } from '@marquee/contracts';
import { idempotencyKeyHeaders } from '@marquee/service';
import { assertSelfOrAdmin, type ApiRouter, type AuthUser, type RouteContext } from '@marquee/http';
import type { Actor } from '../domain/payment';
import type { PaymentsService } from '../domain/payments.service';
import {
  idParamsSchema,
  newPaymentSchema,
  paymentBody,
  paymentPageSchema,
  paymentSchema,
  refundBody,
  refundRequestSchema,
  refundSchema,
  userParamsSchema,
} from './schemas';

const tags = ['payments'];

function actorOf(user: AuthUser): Actor {
  return { id: user.id, isAdmin: user.role === 'admin' };
}

/** The caller's access token as sent (authentication already checked it). */
function bearerOf(req: RouteContext['req']): string {
  return (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
}

export function paymentsRoutes(router: ApiRouter, payments: PaymentsService): void {
  router.route({
    method: 'post',
    path: '/api/payments',
    summary: 'Pay for a reserved ticket of mine by card',
    description:
      "Charges the ticket's amount (known from `ticket.reserved`, or asked of tickets with the caller's token). A declined card is a 201 " +
      'with `status: failed` and `failure_code`. Stripe test cards: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 `card_declined`, ' +
      '4000 0000 0000 9995 `insufficient_funds`. Only brand and last four digits are kept. `Idempotency-Key` header: the same key and body ' +
      'answer the first answer again; another body 409 `IDEMPOTENCY_KEY_REUSED`.',
    tags,
    request: { body: newPaymentSchema, headers: idempotencyKeyHeaders },
    responses: {
      201: { description: 'The payment, succeeded or failed', schema: paymentSchema },
      400: { description: 'Bad card (Luhn, expiry, cvc) or an amount other than the ticket\'s (`AMOUNT_MISMATCH`)' },
      403: { description: 'The ticket is not mine (`FORBIDDEN`)' },
      404: { description: 'No such ticket (`NOT_FOUND`)' },
      409: { description: 'The ticket is not waiting for payment or is already paid (`TICKET_NOT_PAYABLE`); key reused (`IDEMPOTENCY_KEY_REUSED`)' },
      503: { description: 'The ticket is not known here yet and tickets cannot be asked (`UPSTREAM_UNAVAILABLE`)' },
    },
    handler: async ({ user, body, req }) => {
      const key = req.headers['idempotency-key'];
      return payments.pay(
        actorOf(user),
        { ticketId: body.ticket_id, amount: body.amount, card: body.card },
        { bearerToken: bearerOf(req), idempotencyKey: typeof key === 'string' ? key : undefined },
        paymentBody,
      );
    },
  });

  router.route({
    method: 'get',
    path: '/api/payments',
    summary: 'My payments, newest first',
    tags,
    request: { query: paginationQuerySchema },
    responses: { 200: { description: 'A page of my payments', schema: paymentPageSchema } },
    handler: async ({ user, query }) => {
      const page = await payments.listOfUser(user.id, query);
      return { ...page, items: page.items.map(paymentBody) };
    },
  });

  router.route({
    method: 'get',
    path: '/api/payments/user/:user_id',
    summary: "A user's payments, newest first (self or admin)",
    tags,
    request: { params: userParamsSchema, query: paginationQuerySchema },
    responses: { 200: { description: 'A page of payments', schema: paymentPageSchema }, 403: { description: 'Someone else, and not an admin (`FORBIDDEN`)' } },
    handler: async ({ user, params, query }) => {
      assertSelfOrAdmin(user, params.user_id);
      const page = await payments.listOfUser(params.user_id, query);
      return { ...page, items: page.items.map(paymentBody) };
    },
  });

  router.route({
    method: 'get',
    path: '/api/payments/:id',
    summary: 'One payment (owner or admin)',
    tags,
    request: { params: idParamsSchema },
    responses: {
      200: { description: 'The payment', schema: paymentSchema },
      403: { description: 'Not mine, and not an admin (`FORBIDDEN`)' },
      404: { description: 'No such payment (`NOT_FOUND`)' },
    },
    handler: async ({ user, params }) => paymentBody(await payments.get(actorOf(user), params.id)),
  });

  router.route({
    method: 'post',
    path: '/api/payments/:id/refund',
    summary: 'Refund a payment, fully or partly (owner or admin)',
    description: 'Without `amount`, everything not refunded yet. Each refund is its own record; the total never exceeds what was captured.',
    tags,
    request: { params: idParamsSchema, body: refundRequestSchema },
    responses: {
      201: { description: 'The refund, with the payment after it', schema: refundSchema },
      403: { description: 'Not mine, and not an admin (`FORBIDDEN`)' },
      404: { description: 'No such payment (`NOT_FOUND`)' },
      409: { description: 'More than is left to refund, or a failed payment (`REFUND_EXCEEDS_PAYMENT`)' },
    },
    handler: async ({ user, params, body }) => refundBody(await payments.refund(actorOf(user), params.id, body)),
  });
}
