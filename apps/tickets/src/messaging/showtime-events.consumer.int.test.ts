import { TicketsTestKit } from '../../test/tickets-test-kit';

describe('tickets service: showtime events', () => {
  const kit = new TicketsTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  const priceOf = async (id: string) => Number((await kit.pool.query('SELECT price FROM showtimes WHERE showtime_id = $1', [id])).rows[0]?.price);

  it('when the price changes, then new reservations pay the new price, and an older event arriving late changes nothing', async () => {
    const showtime = await kit.showtime({ price: 10 });
    const first = await kit.reserved(kit.user().token, showtime.showtime_id, ['A1']);
    await kit.deliver('showtime.updated', { ...showtime, price: 14 }, { time: kit.nextTime() });
    await kit.deliver('showtime.updated', { ...showtime, price: 99 }, { time: new Date('2020-01-01T00:00:00Z') });
    expect(await priceOf(showtime.showtime_id)).toBe(14);
    const second = await kit.reserved(kit.user().token, showtime.showtime_id, ['A2', 'A3']);
    expect(second.amount).toBe(28);
    const again = await kit.call('GET', `/api/tickets/${first.id}`, { token: kit.user('admin').token });
    expect(again.body.amount).toBe(10);
  });

  const zoneOf = async (id: string) => (await kit.pool.query('SELECT theater_timezone FROM showtimes WHERE showtime_id = $1', [id])).rows[0]?.theater_timezone;

  it("when showtime.created names the theater's timezone, then every event of its tickets carries it: reserved, confirmed, expired, cancelled", async () => {
    const showtime = await kit.showtime({ theater_timezone: 'America/Bogota' });
    const paid = await kit.reserved(kit.user().token, showtime.showtime_id, ['C1']);
    await kit.deliver('payment.succeeded', { ...kit.paymentData(paid), status: 'succeeded' });
    const lapsed = await kit.reserved(kit.user().token, showtime.showtime_id, ['C2']);
    await kit.lapse(lapsed.id);
    await kit.handle.api.expireHolds();
    const given = await kit.reserved(kit.user().token, showtime.showtime_id, ['C3']);
    await kit.deliver('payment.failed', { ...kit.paymentData(given), status: 'failed', failure_code: 'card_declined', failure_message: null });

    for (const [type, id] of [
      ['ticket.reserved', paid.id],
      ['ticket.confirmed', paid.id],
      ['ticket.expired', lapsed.id],
      ['ticket.cancelled', given.id],
    ] as const) {
      expect((await kit.event(type, (d) => d.ticket_id === id)).data).toMatchObject({ theater_timezone: 'America/Bogota' });
    }
  });

  it('when showtime events from before the timezone existed arrive, then tickets still work and leave it out; a newer event names it, and a later old-format one does not blank it', async () => {
    const { theater_timezone: _zone, ...old } = kit.showtimeData();
    await kit.deliver('showtime.created', old, { time: kit.nextTime() });
    const before = await kit.reserved(kit.user().token, old.showtime_id, ['D1']);
    const reserved = await kit.event('ticket.reserved', (d) => d.ticket_id === before.id);
    expect('theater_timezone' in reserved.data).toBe(false);
    expect(await zoneOf(old.showtime_id)).toBeNull();

    await kit.deliver('showtime.updated', { ...old, theater_timezone: 'Europe/Madrid' }, { time: kit.nextTime() });
    expect(await zoneOf(old.showtime_id)).toBe('Europe/Madrid');
    // A newer fact without the zone (a producer not yet upgraded): its price applies, the zone stays.
    await kit.deliver('showtime.updated', { ...old, price: 20 }, { time: kit.nextTime() });
    expect(await priceOf(old.showtime_id)).toBe(20);
    expect(await zoneOf(old.showtime_id)).toBe('Europe/Madrid');
    const after = await kit.reserved(kit.user().token, old.showtime_id, ['D2']);
    expect((await kit.event('ticket.reserved', (d) => d.ticket_id === after.id)).data).toMatchObject({ theater_timezone: 'Europe/Madrid', amount: 20 });
  });

  it('when a showtime is cancelled, then its holds are released and its paid tickets refunded through payments', async () => {
    const showtime = await kit.showtime();
    const held = await kit.reserved(kit.user().token, showtime.showtime_id, ['B1']);
    const paid = await kit.reserved(kit.user().token, showtime.showtime_id, ['B2', 'B3']);
    await kit.deliver('payment.succeeded', { ...kit.paymentData(paid), status: 'succeeded' });
    const expired = await kit.reserved(kit.user().token, showtime.showtime_id, ['B4']);
    await kit.lapse(expired.id);
    await kit.handle.api.expireHolds();

    await kit.deliver('showtime.cancelled', { ...showtime, status: 'cancelled', reason: 'projector broke' }, { time: kit.nextTime() });
    expect(await kit.ticketRow(held.id)).toMatchObject({ status: 'cancelled', cancel_reason: 'showtime_cancelled' });
    expect(await kit.ticketRow(paid.id)).toMatchObject({ status: 'refunded', cancel_reason: 'showtime_cancelled' });
    expect((await kit.ticketRow(expired.id))?.status).toBe('expired');
    expect((await kit.event('ticket.cancelled', (d) => d.ticket_id === held.id)).data).toMatchObject({ status: 'cancelled', previous_status: 'reserved', reason: 'showtime_cancelled' });
    expect((await kit.event('ticket.cancelled', (d) => d.ticket_id === paid.id)).data).toMatchObject({ status: 'refunded', previous_status: 'confirmed', reason: 'showtime_cancelled' });
    expect(await kit.activeSeats(showtime.showtime_id)).toEqual([]);
  });

  it('when a showtime is cancelled while buyers are reserving, then no ticket of it stays live: each reservation lands before (and is ended) or is refused', async () => {
    const showtime = await kit.showtime({ rows: ['A', 'B', 'C'], seats_per_row: 10 });
    const seats = showtime.rows.flatMap((row) => Array.from({ length: 10 }, (_, i) => `${row}${i + 1}`));
    const [, ...answers] = await Promise.all([
      kit.deliver('showtime.cancelled', { ...showtime, status: 'cancelled', reason: null }, { time: kit.nextTime() }),
      ...seats.map((seat) => kit.reserve(kit.user().token, showtime.showtime_id, [seat])),
    ]);
    for (const answer of answers) expect([201, 409]).toContain(answer.status);
    const { rows } = await kit.pool.query("SELECT count(*)::int AS n FROM tickets WHERE showtime_id = $1 AND status IN ('reserved', 'confirmed')", [showtime.showtime_id]);
    expect(rows[0].n).toBe(0);
    expect(await kit.activeSeats(showtime.showtime_id)).toEqual([]);
  });
});
