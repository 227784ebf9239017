import { TicketsTestKit } from '../../test/tickets-test-kit';

describe('tickets service: reading and cancelling tickets', () => {
  const kit = new TicketsTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when tickets are read, then the owner and admins see them; others get 403; lists are mine unless I am an admin', async () => {
    const ada = kit.user();
    const bob = kit.user();
    const admin = kit.user('admin');
    const showtime = await kit.showtime();
    const other = await kit.showtime();
    const a1 = await kit.reserved(ada.token, showtime.showtime_id, ['A1']);
    const a2 = await kit.reserved(ada.token, other.showtime_id, ['A1']);
    const b1 = await kit.reserved(bob.token, showtime.showtime_id, ['A2']);

    expect((await kit.call('GET', `/api/tickets/${a1.id}`, { token: ada.token })).body).toEqual(a1);
    expect((await kit.call('GET', `/api/tickets/${a1.id}`, { token: admin.token })).status).toBe(200);
    const refused = await kit.call('GET', `/api/tickets/${a1.id}`, { token: bob.token });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');

    const mine = await kit.call('GET', '/api/tickets', { token: ada.token });
    expect(mine.body).toMatchObject({ page: 1, limit: 20, total: 2, total_pages: 1 });
    expect(mine.body.items.map((t: { id: string }) => t.id)).toEqual([a2.id, a1.id]);
    expect((await kit.call('GET', `/api/tickets?showtime_id=${showtime.showtime_id}`, { token: ada.token })).body.items.map((t: { id: string }) => t.id)).toEqual([a1.id]);
    expect((await kit.call('GET', `/api/tickets?user_id=${bob.userId}`, { token: ada.token })).status).toBe(403);

    const byShowtime = await kit.call('GET', `/api/tickets?showtime_id=${showtime.showtime_id}`, { token: admin.token });
    expect(byShowtime.body.items.map((t: { id: string }) => t.id)).toEqual([b1.id, a1.id]);
    const bobs = await kit.call('GET', `/api/tickets?user_id=${bob.userId}&status=reserved`, { token: admin.token });
    expect(bobs.body.items.map((t: { id: string }) => t.id)).toEqual([b1.id]);
    expect((await kit.call('GET', `/api/tickets?user_id=${bob.userId}&status=confirmed`, { token: admin.token })).body.total).toBe(0);

    expect((await kit.call('GET', `/api/tickets/user/${ada.userId}?limit=1`, { token: ada.token })).body).toMatchObject({ total: 2, total_pages: 2, limit: 1 });
    expect((await kit.call('GET', `/api/tickets/user/${ada.userId}`, { token: admin.token })).body.total).toBe(2);
    expect((await kit.call('GET', `/api/tickets/user/${ada.userId}`, { token: bob.token })).status).toBe(403);
    expect((await kit.call('GET', '/api/tickets')).status).toBe(401);
  });

  it('when a reserved ticket is cancelled, then it is released at once and its seat can be bought again', async () => {
    const me = kit.user();
    const showtime = await kit.showtime();
    const ticket = await kit.reserved(me.token, showtime.showtime_id, ['C1', 'C2']);
    expect((await kit.call('POST', `/api/tickets/${ticket.id}/cancel`, { token: kit.user().token })).status).toBe(403);
    const res = await kit.call('POST', `/api/tickets/${ticket.id}/cancel`, { token: me.token });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect((await kit.event('ticket.cancelled', (d) => d.ticket_id === ticket.id)).data).toMatchObject({ status: 'cancelled', previous_status: 'reserved', reason: 'requested' });
    expect(await kit.activeSeats(showtime.showtime_id)).toEqual([]);
    const again = await kit.call('POST', `/api/tickets/${ticket.id}/cancel`, { token: me.token });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TICKET_NOT_CANCELLABLE');
  });

  it('when a confirmed ticket is cancelled far enough ahead, then it is refunded through payments; too close, 409 TICKET_NOT_CANCELLABLE', async () => {
    const me = kit.user();
    const far = await kit.showtime();
    const ticket = await kit.reserved(me.token, far.showtime_id, ['D1']);
    await kit.deliver('payment.succeeded', { ...kit.paymentData(ticket), status: 'succeeded' });
    const res = await kit.call('POST', `/api/tickets/${ticket.id}/cancel`, { token: kit.user('admin').token });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('refunded');
    expect((await kit.event('ticket.cancelled', (d) => d.ticket_id === ticket.id)).data).toMatchObject({ status: 'refunded', previous_status: 'confirmed', reason: 'requested' });
    expect(await kit.activeSeats(far.showtime_id)).toEqual([]);

    const soon = await kit.showtime({ start_time: new Date(Date.now() + 3_600_000).toISOString() });
    const late = await kit.reserved(me.token, soon.showtime_id, ['D1']);
    await kit.deliver('payment.succeeded', { ...kit.paymentData(late), status: 'succeeded' });
    const refused = await kit.call('POST', `/api/tickets/${late.id}/cancel`, { token: me.token });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('TICKET_NOT_CANCELLABLE');
    expect((await kit.ticketRow(late.id))?.status).toBe('confirmed');
    expect(await kit.activeSeats(soon.showtime_id)).toEqual(['D1']);
  });
});
