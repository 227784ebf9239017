import { randomUUID } from 'node:crypto';
import type { TicketReservedData } from '@marquee/contracts';
import { ServiceTestKit } from '@marquee/testing';
import { showtimesService } from '../app';
import { futureStart, movieCreated } from '../test-support/builders';
import { MoviesStandIn } from '../test-support/movies-stand-in';

describe('showtimes service: the seat map from ticket events', () => {
  const movies = new MoviesStandIn();
  const kit = new ServiceTestKit(showtimesService);
  const admin = () => kit.user('admin').token;

  beforeAll(async () => {
    await movies.start();
    await kit.start({ MOVIES_URL: movies.url });
  });
  afterAll(async () => {
    await kit.stop();
    await movies.stop();
  });

  async function showtime(): Promise<{ id: string; movie_id: string; start_time: string }> {
    const movie = movieCreated();
    await kit.deliver('movie.created', movie);
    const hall = await kit.call('POST', '/api/theaters', { token: admin(), body: { name: `Hall ${randomUUID()}`, rows: ['A', 'B'], seats_per_row: 3 } });
    const res = await kit.call('POST', '/api/showtimes', {
      token: admin(),
      body: { movie_id: movie.movie_id, theater_id: hall.body.id, start_time: futureStart(1).toISOString(), price: 10 },
    });
    expect(res.status).toBe(201);
    return res.body;
  }

  function reserved(show: { id: string; movie_id: string; start_time: string }, seats: string[]): TicketReservedData {
    return {
      ticket_id: randomUUID(),
      user_id: randomUUID(),
      showtime_id: show.id,
      movie_id: show.movie_id,
      movie_title: 'Casablanca',
      theater_name: 'Hall',
      start_time: show.start_time,
      seats,
      amount: 10 * seats.length,
      currency: 'USD',
      status: 'reserved',
      expires_at: new Date(Date.now() + 600_000).toISOString(),
    };
  }

  const statuses = async (id: string) => {
    const res = await kit.call('GET', `/api/showtimes/${id}/seats`);
    expect(res.status).toBe(200);
    expect(res.body.showtime_id).toBe(id);
    const map = Object.fromEntries(res.body.seats.map((s: { seat: string; status: string }) => [s.seat, s.status]));
    return { map, available: res.body.available as number };
  };

  it('when nothing is booked, then every seat of the layout is available', async () => {
    const show = await showtime();
    expect(await statuses(show.id)).toEqual({
      map: { A1: 'available', A2: 'available', A3: 'available', B1: 'available', B2: 'available', B3: 'available' },
      available: 6,
    });
    expect((await kit.call('GET', `/api/showtimes/${randomUUID()}/seats`)).status).toBe(404);
  });

  it('when tickets are reserved, confirmed, cancelled and expired, then seats are held, sold and released; a late older event changes nothing', async () => {
    const show = await showtime();
    const t = (s: number) => ({ time: new Date(Date.UTC(2030, 0, 1, 12, 0, s)) });
    const a = reserved(show, ['A1', 'A2']);
    const b = reserved(show, ['B3']);
    const c = reserved(show, ['B1']);
    await kit.deliver('ticket.reserved', a, t(1));
    await kit.deliver('ticket.reserved', b, t(1));
    await kit.deliver('ticket.reserved', c, t(1));
    expect((await statuses(show.id)).map).toMatchObject({ A1: 'held', A2: 'held', B3: 'held', B1: 'held', A3: 'available' });

    await kit.deliver('ticket.confirmed', { ...a, status: 'confirmed', payment_id: randomUUID() }, t(2));
    await kit.deliver('ticket.expired', { ...b, status: 'expired' }, t(3));
    await kit.deliver('ticket.cancelled', { ...c, status: 'cancelled', previous_status: 'reserved', reason: 'payment_failed' }, t(3));
    expect(await statuses(show.id)).toEqual({
      map: { A1: 'sold', A2: 'sold', A3: 'available', B1: 'available', B2: 'available', B3: 'available' },
      available: 4,
    });

    // Out of order: a reserved event older than the expiry arrives after it.
    await kit.deliver('ticket.reserved', b, { time: new Date(Date.UTC(2030, 0, 1, 11, 0, 0)) });
    expect((await statuses(show.id)).map.B3).toBe('available');

    // A sold ticket refunded (showtime cancelled, user refund): the seats are free again.
    await kit.deliver('ticket.cancelled', { ...a, status: 'refunded', previous_status: 'confirmed', reason: 'requested' }, t(4));
    expect((await statuses(show.id)).available).toBe(6);
  });
});
