import { randomUUID } from 'node:crypto';
import { ServiceTestKit } from '@marquee/testing';
import { CARDS, card, reservedTicket } from '../../test/fixtures';
import { paymentsService } from '../app';

describe('payments service: refunds', () => {
  const kit = new ServiceTestKit(paymentsService, { observe: ['payment.#'] });
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  async function paid(owner: { userId: string; token: string }, amount = 30, number = CARDS.ok) {
    const t = reservedTicket(owner.userId, { amount });
    await kit.deliver('ticket.reserved', t);
    const res = await kit.call('POST', '/api/payments', { token: owner.token, body: { ticket_id: t.ticket_id, payment_method: 'card', card: card(number) } });
    expect(res.status).toBe(201);
    return res.body as { id: string; ticket_id: string };
  }

  const refund = (token: string, id: string, body: Record<string, unknown> = {}) => kit.call('POST', `/api/payments/${id}/refund`, { token, body });
  const refundRows = async (paymentId: string) =>
    (await kit.pool.query<{ amount: number }>('SELECT amount::float8 AS amount FROM refunds WHERE payment_id = $1', [paymentId])).rows;

  it('when I refund part and then the rest, then each refund is its own row and payment.refunded tells this refund and the total', async () => {
    const me = kit.user();
    const p = await paid(me);
    const part = await refund(me.token, p.id, { amount: 10.25, reason: 'one seat fewer' });
    expect(part.status).toBe(201);
    expect(part.body).toMatchObject({ payment_id: p.id, amount: 10.25, reason: 'one seat fewer', payment: { refunded_amount: 10.25, status: 'succeeded' } });
    const first = await kit.event('payment.refunded', (d) => d.refund_id === part.body.id);
    expect(first.data).toMatchObject({ payment_id: p.id, status: 'partially_refunded', refunded_amount: 10.25, total_refunded: 10.25, amount: 30, reason: 'one seat fewer' });

    const rest = await refund(me.token, p.id);
    expect(rest.status).toBe(201);
    expect(rest.body).toMatchObject({ amount: 19.75, payment: { refunded_amount: 30 } });
    const second = await kit.event('payment.refunded', (d) => d.refund_id === rest.body.id);
    expect(second.data).toMatchObject({ status: 'refunded', refunded_amount: 19.75, total_refunded: 30, reason: null });
    expect((await refundRows(p.id)).map((r) => r.amount).sort()).toEqual([10.25, 19.75]);

    const more = await refund(me.token, p.id, { amount: 0.01 });
    expect(more.status).toBe(409);
    expect(more.body.code).toBe('REFUND_EXCEEDS_PAYMENT');
    expect((await kit.call('GET', `/api/payments/${p.id}`, { token: me.token })).body.refunded_amount).toBe(30);
  });

  it('when a refund asks more than was captured, then 409 REFUND_EXCEEDS_PAYMENT and nothing is written', async () => {
    const me = kit.user();
    const p = await paid(me, 20);
    const res = await refund(me.token, p.id, { amount: 20.01 });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'REFUND_EXCEEDS_PAYMENT', refundable_amount: 20 });
    expect(await refundRows(p.id)).toEqual([]);
  });

  it('when 10 partial refunds arrive at once and together exceed the payment, then their sum never exceeds it', async () => {
    const me = kit.user();
    const p = await paid(me, 30);
    const answers = await Promise.all(Array.from({ length: 10 }, () => refund(me.token, p.id, { amount: 7 })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(4);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(6);
    const rows = await refundRows(p.id);
    expect(rows.reduce((sum, r) => sum + r.amount, 0)).toBe(28);
    const stored = await kit.pool.query('SELECT refunded_total::float8 AS t FROM payments WHERE id = $1', [p.id]);
    expect(stored.rows[0].t).toBe(28);
  });

  it('when SQL itself tries to refund past the amount or add a second succeeded payment, then the database refuses', async () => {
    const me = kit.user();
    const p = await paid(me, 10);
    await expect(kit.pool.query('UPDATE payments SET refunded_total = 10.01 WHERE id = $1', [p.id])).rejects.toMatchObject({
      constraint: 'payments_refund_within_amount',
    });
    await expect(
      kit.pool.query(
        `INSERT INTO payments (id, ticket_id, user_id, amount, currency, status, card_brand, card_last4)
         VALUES ($1, $2, $3, 10, 'USD', 'succeeded', 'visa', '4242')`,
        [randomUUID(), p.ticket_id, me.userId],
      ),
    ).rejects.toMatchObject({ constraint: 'payments_one_success_per_ticket' });
  });

  it('when someone else refunds my payment, then 403; an admin may; a failed payment has nothing to refund; bad input is 400', async () => {
    const me = kit.user();
    const p = await paid(me, 15);
    expect((await refund(kit.user().token, p.id)).status).toBe(403);
    const byAdmin = await refund(kit.user('admin').token, p.id, { amount: 5 });
    expect(byAdmin.status).toBe(201);

    const failed = await paid(me, 15, CARDS.declined);
    const nothing = await refund(me.token, failed.id);
    expect(nothing.status).toBe(409);
    expect(nothing.body.code).toBe('REFUND_EXCEEDS_PAYMENT');

    for (const [body, field] of [
      [{ amount: 0 }, 'body.amount'],
      [{ amount: -1 }, 'body.amount'],
      [{ amount: 1.005 }, 'body.amount'],
      [{ reason: '  ' }, 'body.reason'],
    ] as const) {
      const bad = await refund(me.token, p.id, body);
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe(field);
    }
    expect((await refund(me.token, randomUUID())).status).toBe(404);
    expect((await refundRows(p.id)).length).toBe(1);
  });
});
