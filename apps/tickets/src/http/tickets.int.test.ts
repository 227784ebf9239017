import { randomUUID } from 'node:crypto';
import { TicketsTestKit } from '../../test/tickets-test-kit';

describe('tickets service: reserving seats', () => {
  const kit = new TicketsTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when a user reserves seats, then 201 with the ticket priced here, held for HOLD_MINUTES, and ticket.reserved is published', async () => {
    const me = kit.user();
    const showtime = await kit.showtime({ price: 12.1 });
    const before = Date.now();
    const res = await kit.call('POST', '/api/tickets', { token: me.token, body: { showtime_id: showtime.showtime_id, seats: ['B2', 'A10', 'A2'], amount: 0.01 } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      user_id: me.userId,
      showtime_id: showtime.showtime_id,
      seats: ['A2', 'A10', 'B2'],
      amount: 36.3,
      currency: 'USD',
      status: 'reserved',
      expires_at: expect.any(String),
      created_at: expect.any(String),
    });
    const holdMs = Date.parse(res.body.expires_at) - before;
    expect(holdMs).toBeGreaterThan(9 * 60_000);
    expect(holdMs).toBeLessThanOrEqual(10 * 60_000 + 60_000);
    const event = await kit.event('ticket.reserved', (d) => d.ticket_id === res.body.id);
    expect(event.data).toMatchObject({ user_id: me.userId, seats: ['A2', 'A10', 'B2'], amount: 36.3, movie_title: 'The Matrix', theater_name: 'Hall 1', theater_timezone: 'America/Bogota', status: 'reserved' });
    expect(await kit.activeSeats(showtime.showtime_id)).toEqual(['A10', 'A2', 'B2']);
  });

  it('when one seat is given as `seat`, or through /buy-ticket, then it is reserved the same way', async () => {
    const me = kit.user();
    const showtime = await kit.showtime();
    const one = await kit.call('POST', '/api/tickets/buy-ticket', { token: me.token, body: { showtime_id: showtime.showtime_id, seat: 'C3' } });
    expect(one.status).toBe(201);
    expect(one.body).toMatchObject({ seats: ['C3'], amount: 12.5 });
    const alias = await kit.call('POST', '/api/tickets/buy-ticket', { token: me.token, body: { showtime_id: showtime.showtime_id, seats: ['C4', 'C5'] } });
    expect(alias.status).toBe(201);
    expect(alias.body.amount).toBe(25);
  });

  it('when a seat is taken, then 409 SEAT_TAKEN names the taken seats and nothing of the order is reserved', async () => {
    const showtime = await kit.showtime();
    await kit.reserved(kit.user().token, showtime.showtime_id, ['A5', 'A7']);
    const res = await kit.reserve(kit.user().token, showtime.showtime_id, ['A4', 'A5', 'A6', 'A7']);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'SEAT_TAKEN', seats: ['A5', 'A7'] });
    expect(await kit.activeSeats(showtime.showtime_id)).toEqual(['A5', 'A7']);
    const { rows } = await kit.pool.query('SELECT count(*)::int AS n FROM tickets WHERE showtime_id = $1', [showtime.showtime_id]);
    expect(rows[0].n).toBe(1);
  });

  it('when a seat is not in the layout, then 400 UNKNOWN_SEAT naming it; bad bodies are 400 naming the field', async () => {
    const me = kit.user();
    const showtime = await kit.showtime();
    const unknown = await kit.reserve(me.token, showtime.showtime_id, ['A1', 'E1', 'A11']);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'UNKNOWN_SEAT', seats: ['E1', 'A11'] });
    expect(unknown.body.errors).toEqual([
      { field: 'body.seats', message: 'no seat E1 in this theater' },
      { field: 'body.seats', message: 'no seat A11 in this theater' },
    ]);
    const twice = await kit.reserve(me.token, showtime.showtime_id, ['A1', 'A1']);
    expect(twice.status).toBe(400);
    expect(twice.body.errors).toEqual([{ field: 'body.seats', message: 'must not name a seat twice' }]);
    const eleven = await kit.reserve(me.token, showtime.showtime_id, ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9', 'A10', 'B1']);
    expect(eleven.status).toBe(400);
    expect(eleven.body.errors[0].field).toBe('body.seats');
    const none = await kit.call('POST', '/api/tickets', { token: me.token, body: { showtime_id: showtime.showtime_id } });
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([{ field: 'body.seats', message: 'give seats or seat' }]);
    const badId = await kit.call('POST', '/api/tickets', { token: me.token, body: { showtime_id: 'nope', seat: 'A1' } });
    expect(badId.body.errors).toEqual([{ field: 'body.showtime_id', message: 'must be a UUID' }]);
    expect(await kit.activeSeats(showtime.showtime_id)).toEqual([]);
    expect((await kit.call('POST', '/api/tickets', { body: { showtime_id: showtime.showtime_id, seat: 'A1' } })).status).toBe(401);
  });

  it('when the showtime is unknown here and to showtimes, then 404; started or cancelled, then 409 SHOWTIME_NOT_BOOKABLE', async () => {
    const me = kit.user();
    expect((await kit.reserve(me.token, randomUUID(), ['A1'])).status).toBe(404);
    const started = await kit.showtime({ start_time: new Date(Date.now() - 60_000).toISOString() });
    const late = await kit.reserve(me.token, started.showtime_id, ['A1']);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('SHOWTIME_NOT_BOOKABLE');
    const cancelled = await kit.showtime();
    await kit.deliver('showtime.cancelled', { ...cancelled, status: 'cancelled', reason: null }, { time: kit.nextTime() });
    const off = await kit.reserve(me.token, cancelled.showtime_id, ['A1']);
    expect(off.status).toBe(409);
    expect(off.body.code).toBe('SHOWTIME_NOT_BOOKABLE');
  });

  it('when the read model has not heard of a showtime, then showtimes is asked (and its theater for the layout and timezone) before answering', async () => {
    const me = kit.user();
    const id = randomUUID();
    const theaterId = randomUUID();
    kit.showtimesServer.answers.set(`/api/showtimes/${id}`, {
      status: 200,
      body: { id, movie_id: randomUUID(), movie: { title: 'Alien' }, theater_id: theaterId, start_time: new Date(Date.now() + 86_400_000).toISOString(), price: '9.00', currency: 'EUR', status: 'scheduled' },
    });
    kit.showtimesServer.answers.set(`/api/theaters/${theaterId}`, { status: 200, body: { id: theaterId, name: 'Hall 9', rows: ['A'], seats_per_row: 4, timezone: 'Asia/Tokyo' } });
    const res = await kit.reserve(me.token, id, ['A4', 'A3']);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ seats: ['A3', 'A4'], amount: 18, currency: 'EUR' });
    expect((await kit.reserve(me.token, id, ['A5'])).body.code).toBe('UNKNOWN_SEAT');
    const event = await kit.event('ticket.reserved', (d) => d.ticket_id === res.body.id);
    expect(event.data).toMatchObject({ movie_title: 'Alien', theater_name: 'Hall 9', theater_timezone: 'Asia/Tokyo' });
    // Known now: a second order does not ask again.
    const asked = kit.showtimesServer.requests.filter((r) => r.includes(id)).length;
    await kit.reserved(me.token, id, ['A1']);
    expect(kit.showtimesServer.requests.filter((r) => r.includes(id)).length).toBe(asked);
  });

  it("when showtimes answers as it does (the theater's timezone on the showtime, the layout on the theater), then the ticket's events carry that timezone", async () => {
    const id = randomUUID();
    const theaterId = randomUUID();
    kit.showtimesServer.answers.set(`/api/showtimes/${id}`, {
      status: 200,
      body: {
        id,
        movie_id: randomUUID(),
        movie_title: 'Vertigo',
        theater_id: theaterId,
        theater_name: 'Sala 2',
        theater_timezone: 'America/Bogota',
        start_time: new Date(Date.now() + 86_400_000).toISOString(),
        price: 8,
        currency: 'COP',
        status: 'scheduled',
        updated_at: new Date(0).toISOString(),
      },
    });
    // An answer without the zone: it must come from the showtime's answer.
    kit.showtimesServer.answers.set(`/api/theaters/${theaterId}`, { status: 200, body: { id: theaterId, name: 'Sala 2', rows: ['A'], seats_per_row: 2 } });
    const ticket = await kit.reserved(kit.user().token, id, ['A1']);
    expect((await kit.event('ticket.reserved', (d) => d.ticket_id === ticket.id)).data).toMatchObject({ theater_name: 'Sala 2', theater_timezone: 'America/Bogota' });
    const { rows } = await kit.pool.query('SELECT theater_timezone FROM showtimes WHERE showtime_id = $1', [id]);
    expect(rows).toEqual([{ theater_timezone: 'America/Bogota' }]);
  });

  it('when showtimes fails while it must be asked, then 503 with Retry-After, and nothing is reserved', async () => {
    const id = randomUUID();
    kit.showtimesServer.answers.set(`/api/showtimes/${id}`, { status: 500, body: {} });
    const res = await kit.reserve(kit.user().token, id, ['A1']);
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('tickets service: Idempotency-Key', () => {
  const kit = new TicketsTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when a reservation is retried with the same key and body, then the first answer comes back and one ticket exists', async () => {
    const me = kit.user();
    const showtime = await kit.showtime();
    const headers = { 'idempotency-key': 'order-1' };
    const first = await kit.reserve(me.token, showtime.showtime_id, ['A1', 'A2'], headers);
    expect(first.status).toBe(201);
    const again = await kit.reserve(me.token, showtime.showtime_id, ['A1', 'A2'], headers);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const { rows } = await kit.pool.query('SELECT count(*)::int AS n FROM tickets WHERE user_id = $1', [me.userId]);
    expect(rows[0].n).toBe(1);
    // Another user's same key is theirs alone.
    const other = await kit.reserve(kit.user().token, showtime.showtime_id, ['A3'], headers);
    expect(other.status).toBe(201);
  });

  it('when the key is reused with another body, then 409 IDEMPOTENCY_KEY_REUSED and nothing is reserved', async () => {
    const me = kit.user();
    const showtime = await kit.showtime();
    const headers = { 'idempotency-key': 'order-2' };
    expect((await kit.reserve(me.token, showtime.showtime_id, ['B1'], headers)).status).toBe(201);
    const reused = await kit.reserve(me.token, showtime.showtime_id, ['B2'], headers);
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await kit.activeSeats(showtime.showtime_id)).toEqual(['B1']);
  });

  it('when a keyed request failed, then the key is free for the retry', async () => {
    const me = kit.user();
    const showtime = await kit.showtime();
    await kit.reserved(kit.user().token, showtime.showtime_id, ['C1']);
    const headers = { 'idempotency-key': 'order-3' };
    expect((await kit.reserve(me.token, showtime.showtime_id, ['C1'], headers)).status).toBe(409);
    await kit.pool.query('UPDATE ticket_seats SET active = false WHERE showtime_id = $1', [showtime.showtime_id]);
    expect((await kit.reserve(me.token, showtime.showtime_id, ['C1'], headers)).status).toBe(201);
  });
});
