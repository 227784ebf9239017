import type { TicketCancelledData } from '@marquee/contracts';
import { ServiceTestKit } from '@marquee/testing';
import { card, reservedTicket } from '../../test/fixtures';
import { paymentsService } from '../app';

describe('payments service: ticket events', () => {
  const kit = new ServiceTestKit(paymentsService, { observe: ['payment.#'] });
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  async function paidTicket(amount = 24) {
    const me = kit.user();
    const t = reservedTicket(me.userId, { amount });
    await kit.deliver('ticket.reserved', t, { time: new Date(Date.now() - 1000) });
    const res = await kit.call('POST', '/api/payments', { token: me.token, body: { ticket_id: t.ticket_id, payment_method: 'card', card: card() } });
    expect(res.status).toBe(201);
    return { me, t, paymentId: res.body.id as string };
  }

  const cancelled = (t: ReturnType<typeof reservedTicket>, overrides: Partial<TicketCancelledData> = {}): TicketCancelledData => ({
    ...t,
    status: 'refunded',
    previous_status: 'confirmed',
    reason: 'requested',
    ...overrides,
  });
  const refunds = async (paymentId: string) =>
    (await kit.pool.query<{ amount: number; reason: string }>('SELECT amount::float8 AS amount, reason FROM refunds WHERE payment_id = $1', [paymentId])).rows;
  const knownStatus = async (ticketId: string) =>
    (await kit.pool.query<{ status: string }>('SELECT status FROM known_tickets WHERE ticket_id = $1', [ticketId])).rows[0]?.status;

  it.each(['requested', 'showtime_cancelled', 'payment_late'] as const)(
    'when a paid ticket is cancelled with status refunded (%s), then its payment is refunded in full, once, even when told twice',
    async (reason) => {
      const { t, paymentId } = await paidTicket();
      await kit.deliver('ticket.cancelled', cancelled(t, { reason, previous_status: reason === 'payment_late' ? 'expired' : 'confirmed' }));
      const event = await kit.event('payment.refunded', (d) => d.payment_id === paymentId);
      expect(event.data).toMatchObject({ status: 'refunded', refunded_amount: 24, total_refunded: 24, reason, ticket_id: t.ticket_id });
      // Another event (not a redelivery: a new id) for the same cancellation refunds nothing more.
      await kit.deliver('ticket.cancelled', cancelled(t, { reason }));
      expect(await refunds(paymentId)).toEqual([{ amount: 24, reason }]);
      expect(await knownStatus(t.ticket_id)).toBe('refunded');
    },
  );

  it('when part was already refunded, then the cancellation refunds the rest', async () => {
    const { me, t, paymentId } = await paidTicket(30);
    expect((await kit.call('POST', `/api/payments/${paymentId}/refund`, { token: me.token, body: { amount: 10 } })).status).toBe(201);
    await kit.deliver('ticket.cancelled', cancelled(t));
    expect((await refunds(paymentId)).map((r) => r.amount).sort((a, b) => a - b)).toEqual([10, 20]);
  });

  it('when the cancellation is not a refund (status cancelled, or reason payment_refunded / payment_failed), then no money moves', async () => {
    const { t, paymentId } = await paidTicket();
    await kit.deliver('ticket.cancelled', cancelled(t, { status: 'cancelled', previous_status: 'reserved', reason: 'requested' }));
    await kit.deliver('ticket.cancelled', cancelled(t, { reason: 'payment_refunded' }));
    await kit.deliver('ticket.cancelled', cancelled(t, { status: 'cancelled', reason: 'payment_failed', previous_status: 'reserved' }));
    expect(await refunds(paymentId)).toEqual([]);
  });

  it('when ticket events arrive out of order, then the newer state stands and decides whether the ticket can be paid', async () => {
    const me = kit.user();
    const t = reservedTicket(me.userId);
    await kit.deliver('ticket.expired', { ...t, status: 'expired' }, { time: new Date('2026-05-01T10:10:00Z') });
    await kit.deliver('ticket.reserved', t, { time: new Date('2026-05-01T10:00:00Z') });
    expect(await knownStatus(t.ticket_id)).toBe('expired');
    const res = await kit.call('POST', '/api/payments', { token: me.token, body: { ticket_id: t.ticket_id, payment_method: 'card', card: card() } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('TICKET_NOT_PAYABLE');
  });

  it('when a refunded ticket has no payment here, then nothing is refunded and the event is still handled', async () => {
    const t = reservedTicket(kit.user().userId);
    await kit.deliver('ticket.cancelled', cancelled(t));
    expect(await knownStatus(t.ticket_id)).toBe('refunded');
  });
});
