import { randomUUID } from 'node:crypto';
import { TicketsTestKit } from '../../test/tickets-test-kit';

describe('tickets service: payment events', () => {
  const kit = new TicketsTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  const eventsOf = (type: string, ticketId: string) => kit.events.filter((e) => e.type === type && (e.data as { ticket_id: string }).ticket_id === ticketId);

  it('when payment.succeeded arrives for a held ticket, then it is confirmed once and ticket.confirmed carries the payment, even when the payment is told twice', async () => {
    const showtime = await kit.showtime();
    const ticket = await kit.reserved(kit.user().token, showtime.showtime_id, ['A1', 'A2']);
    const payment = kit.paymentData(ticket);
    await kit.deliver('payment.succeeded', { ...payment, status: 'succeeded' });
    // The same payment again under another event id (a producer's retry), not a broker redelivery.
    await kit.deliver('payment.succeeded', { ...payment, status: 'succeeded' });
    expect(await kit.ticketRow(ticket.id)).toMatchObject({ status: 'confirmed', payment_id: payment.payment_id });
    const confirmed = await kit.event('ticket.confirmed', (d) => d.ticket_id === ticket.id);
    expect(confirmed.data).toMatchObject({ payment_id: payment.payment_id, seats: ['A1', 'A2'], amount: 25, status: 'confirmed' });
    await kit.reserved(kit.user().token, showtime.showtime_id, ['A3']);
    expect(eventsOf('ticket.confirmed', ticket.id)).toHaveLength(1);
    expect(eventsOf('ticket.cancelled', ticket.id)).toHaveLength(0);
    expect(await kit.activeSeats(showtime.showtime_id)).toEqual(['A1', 'A2', 'A3']);
    const got = await kit.call('GET', `/api/tickets/${ticket.id}`, { token: kit.user('admin').token });
    expect(got.body.status).toBe('confirmed');
  });

  it('when the payment lands after the hold expired, then the ticket is not confirmed: it is refunded (payment_late) and its seats are free', async () => {
    const showtime = await kit.showtime();
    const ticket = await kit.reserved(kit.user().token, showtime.showtime_id, ['B1']);
    await kit.lapse(ticket.id);
    const payment = kit.paymentData(ticket);
    await kit.deliver('payment.succeeded', { ...payment, status: 'succeeded' });
    expect(await kit.ticketRow(ticket.id)).toMatchObject({ status: 'refunded', cancel_reason: 'payment_late', payment_id: payment.payment_id });
    const cancelled = await kit.event('ticket.cancelled', (d) => d.ticket_id === ticket.id);
    expect(cancelled.data).toMatchObject({ status: 'refunded', previous_status: 'reserved', reason: 'payment_late' });
    expect(await kit.activeSeats(showtime.showtime_id)).toEqual([]);
    expect(eventsOf('ticket.confirmed', ticket.id)).toHaveLength(0);
  });

  it('when the payment lands after the sweeper expired the hold, then it is refunded with previous_status expired', async () => {
    const showtime = await kit.showtime();
    const ticket = await kit.reserved(kit.user().token, showtime.showtime_id, ['B2']);
    await kit.lapse(ticket.id);
    await kit.handle.api.expireHolds();
    await kit.event('ticket.expired', (d) => d.ticket_id === ticket.id);
    await kit.deliver('payment.succeeded', { ...kit.paymentData(ticket), status: 'succeeded' });
    const cancelled = await kit.event('ticket.cancelled', (d) => d.ticket_id === ticket.id);
    expect(cancelled.data).toMatchObject({ status: 'refunded', previous_status: 'expired', reason: 'payment_late' });
    expect((await kit.ticketRow(ticket.id))?.status).toBe('refunded');
  });

  it('when the payment lands after the buyer cancelled the hold, then the money goes back (payment_late) and the seat stays free', async () => {
    const me = kit.user();
    const showtime = await kit.showtime();
    const ticket = await kit.reserved(me.token, showtime.showtime_id, ['B3']);
    expect((await kit.call('POST', `/api/tickets/${ticket.id}/cancel`, { token: me.token })).status).toBe(200);
    const next = await kit.reserved(kit.user().token, showtime.showtime_id, ['B3']);
    await kit.deliver('payment.succeeded', { ...kit.paymentData(ticket), status: 'succeeded' });
    expect(await kit.ticketRow(ticket.id)).toMatchObject({ status: 'refunded', cancel_reason: 'payment_late' });
    expect((await kit.event('ticket.cancelled', (d) => d.ticket_id === ticket.id && d.reason === 'payment_late')).data).toMatchObject({
      status: 'refunded',
      previous_status: 'cancelled',
    });
    // The seat now belongs to the next buyer; the late payment took nothing from them.
    const { rows } = await kit.pool.query('SELECT ticket_id FROM ticket_seats WHERE showtime_id = $1 AND active', [showtime.showtime_id]);
    expect(rows).toEqual([{ ticket_id: next.id }]);
  });

  it('when a full refund arrives for a ticket whose hold was already cancelled, then ticket.cancelled says it was cancelled (not reserved), and the seat stays with its next buyer', async () => {
    const me = kit.user();
    const showtime = await kit.showtime();
    const ticket = await kit.reserved(me.token, showtime.showtime_id, ['B4']);
    expect((await kit.call('POST', `/api/tickets/${ticket.id}/cancel`, { token: me.token })).status).toBe(200);
    const next = await kit.reserved(kit.user().token, showtime.showtime_id, ['B4']);
    const payment = kit.paymentData(ticket);
    await kit.deliver('payment.refunded', { ...payment, status: 'refunded', refund_id: randomUUID(), refunded_amount: 12.5, total_refunded: 12.5, reason: null });
    expect(await kit.ticketRow(ticket.id)).toMatchObject({ status: 'refunded', cancel_reason: 'payment_refunded' });
    const refunded = await kit.event('ticket.cancelled', (d) => d.ticket_id === ticket.id && d.reason === 'payment_refunded');
    expect(refunded.data).toMatchObject({ status: 'refunded', previous_status: 'cancelled' });
    const { rows } = await kit.pool.query('SELECT ticket_id FROM ticket_seats WHERE showtime_id = $1 AND active', [showtime.showtime_id]);
    expect(rows).toEqual([{ ticket_id: next.id }]);
  });

  it('when payment.failed arrives, then the hold is released (cancelled, payment_failed) and the seat can be bought again', async () => {
    const showtime = await kit.showtime();
    const ticket = await kit.reserved(kit.user().token, showtime.showtime_id, ['C1']);
    await kit.deliver('payment.failed', { ...kit.paymentData(ticket), status: 'failed', failure_code: 'card_declined', failure_message: null });
    expect(await kit.ticketRow(ticket.id)).toMatchObject({ status: 'cancelled', cancel_reason: 'payment_failed' });
    const cancelled = await kit.event('ticket.cancelled', (d) => d.ticket_id === ticket.id);
    expect(cancelled.data).toMatchObject({ status: 'cancelled', previous_status: 'reserved', reason: 'payment_failed' });
    expect((await kit.reserve(kit.user().token, showtime.showtime_id, ['C1'])).status).toBe(201);
  });

  it('when payment.refunded (in full) arrives, then the ticket is refunded and its seats freed, once; a partial refund keeps it', async () => {
    const showtime = await kit.showtime();
    const ticket = await kit.reserved(kit.user().token, showtime.showtime_id, ['D1']);
    const payment = kit.paymentData(ticket);
    await kit.deliver('payment.succeeded', { ...payment, status: 'succeeded' });
    const refund = { ...payment, refund_id: randomUUID(), reason: null };
    await kit.deliver('payment.refunded', { ...refund, status: 'partially_refunded', refunded_amount: 1, total_refunded: 1 });
    expect((await kit.ticketRow(ticket.id))?.status).toBe('confirmed');
    await kit.deliver('payment.refunded', { ...refund, refund_id: randomUUID(), status: 'refunded', refunded_amount: 11.5, total_refunded: 12.5 });
    await kit.deliver('payment.refunded', { ...refund, refund_id: randomUUID(), status: 'refunded', refunded_amount: 11.5, total_refunded: 12.5 });
    expect(await kit.ticketRow(ticket.id)).toMatchObject({ status: 'refunded', cancel_reason: 'payment_refunded' });
    const cancelled = await kit.event('ticket.cancelled', (d) => d.ticket_id === ticket.id);
    expect(cancelled.data).toMatchObject({ status: 'refunded', previous_status: 'confirmed', reason: 'payment_refunded' });
    expect(await kit.activeSeats(showtime.showtime_id)).toEqual([]);
    await kit.reserved(kit.user().token, showtime.showtime_id, ['D1']);
    expect(eventsOf('ticket.cancelled', ticket.id)).toHaveLength(1);
  });
});
