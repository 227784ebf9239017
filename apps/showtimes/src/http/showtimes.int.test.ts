import { randomUUID } from 'node:crypto';
import { ServiceTestKit, formatFindings } from '@marquee/testing';
import { showtimesService } from '../app';
import { futureStart, movieCreated } from '../test-support/builders';
import { MoviesStandIn } from '../test-support/movies-stand-in';

const MINUTE = 60_000;

describe('showtimes service: theaters and showtimes', () => {
  const movies = new MoviesStandIn();
  const kit = new ServiceTestKit(showtimesService, { observe: ['showtime.#'] });
  const admin = () => kit.user('admin').token;

  beforeAll(async () => {
    await movies.start();
    await kit.start({ MOVIES_URL: movies.url, CLEANING_MINUTES: '15', THEATER_TIMEZONE: 'UTC' });
  });
  afterAll(async () => {
    await kit.stop();
    await movies.stop();
  });

  let theaterCount = 0;
  async function theater(extra: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
    const name = `Screen ${++theaterCount} ${randomUUID().slice(0, 8)}`;
    const res = await kit.call('POST', '/api/theaters', { token: admin(), body: { name, rows: ['A', 'B'], seats_per_row: 5, ...extra } });
    expect(res.status).toBe(201);
    return res.body;
  }
  async function film(overrides: Parameters<typeof movieCreated>[0] = {}) {
    const data = movieCreated(overrides);
    await kit.deliver('movie.created', data);
    return data;
  }
  const schedule = (body: Record<string, unknown>) => kit.call('POST', '/api/showtimes', { token: admin(), body });

  describe('theaters', () => {
    it('when an admin adds a theater, then it answers 201 with the seat layout, and anyone can read it', async () => {
      const res = await kit.call('POST', '/api/theaters', {
        token: admin(),
        body: { name: '  Grand Hall ', rows: ['A', 'B'], seats_per_row: 3, total_seats: 6 },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        name: 'Grand Hall',
        rows: ['A', 'B'],
        seats_per_row: 3,
        total_seats: 6,
        timezone: 'UTC',
        layout: [
          { row: 'A', seats: ['A1', 'A2', 'A3'] },
          { row: 'B', seats: ['B1', 'B2', 'B3'] },
        ],
        created_at: expect.any(String),
      });
      expect((await kit.call('GET', `/api/theaters/${res.body.id}`)).body).toEqual(res.body);
      const list = await kit.call('GET', '/api/theaters?limit=100');
      expect(list.status).toBe(200);
      expect(list.body.items.map((t: { id: string }) => t.id)).toContain(res.body.id);
      expect((await kit.call('GET', `/api/theaters/${randomUUID()}`)).status).toBe(404);
    });

    it('when the layout is wrong, then 400 names the field; a repeated name is 409; a non-admin is 403', async () => {
      const bad = async (body: Record<string, unknown>, field: string) => {
        const res = await kit.call('POST', '/api/theaters', { token: admin(), body: { name: `T ${randomUUID()}`, rows: ['A'], seats_per_row: 2, ...body } });
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      };
      await bad({ total_seats: 5 }, 'body.total_seats');
      await bad({ rows: ['A', 'A'] }, 'body.rows');
      await bad({ rows: [] }, 'body.rows');
      await bad({ rows: ['a1'] }, 'body.rows.0');
      await bad({ seats_per_row: 0 }, 'body.seats_per_row');
      await bad({ seats_per_row: 101 }, 'body.seats_per_row');
      await bad({ timezone: 'Mars/Olympus' }, 'body.timezone');
      await bad({ timezone: '+09:00' }, 'body.timezone');
      const tokyo = await theater({ timezone: 'asia/tokyo' });
      expect(tokyo).toMatchObject({ timezone: 'Asia/Tokyo' });
      const first = await theater();
      const again = await kit.call('POST', '/api/theaters', { token: admin(), body: { name: first.name, rows: ['A'], seats_per_row: 1 } });
      expect(again.status).toBe(409);
      const user = await kit.call('POST', '/api/theaters', { token: kit.user().token, body: { name: 'Mine', rows: ['A'], seats_per_row: 1 } });
      expect(user.status).toBe(403);
    });
  });

  describe('scheduling', () => {
    it("when an admin schedules a film, then it ends after the runtime, the theater is busy for the cleaning too, and showtime.created carries the snapshot with the theater's timezone", async () => {
      // Not the server default (THEATER_TIMEZONE is UTC here): the zone must be the theater's own.
      const hall = await theater({ timezone: 'America/Bogota' });
      const movie = await film({ runtime: 100, title: 'Metropolis' });
      const start = futureStart(1);
      const res = await schedule({ movie_id: movie.movie_id, theater_id: hall.id, start_time: start.toISOString(), price: 12.5 });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        movie_id: movie.movie_id,
        movie_title: 'Metropolis',
        theater_id: hall.id,
        theater_name: hall.name,
        theater_timezone: 'America/Bogota',
        start_time: start.toISOString(),
        end_time: new Date(start.getTime() + 100 * MINUTE).toISOString(),
        cleaning_until: new Date(start.getTime() + 115 * MINUTE).toISOString(),
        price: 12.5,
        currency: 'USD',
        capacity: 10,
        status: 'scheduled',
        cancel_reason: null,
      });
      const event = await kit.event('showtime.created', (d) => d.showtime_id === res.body.id);
      expect(event.data).toEqual({
        showtime_id: res.body.id,
        movie_id: movie.movie_id,
        movie_title: 'Metropolis',
        theater_id: hall.id,
        theater_name: hall.name,
        theater_timezone: 'America/Bogota',
        start_time: start.toISOString(),
        end_time: res.body.end_time,
        price: 12.5,
        currency: 'USD',
        rows: ['A', 'B'],
        seats_per_row: 5,
        capacity: 10,
        status: 'scheduled',
      });
      expect((await kit.call('GET', `/api/showtimes/${res.body.id}`)).body).toEqual(res.body);
    });

    it('when a showtime would overlap another in the theater (cleaning included), then 409 SHOWTIME_OVERLAP; right after the cleaning, or in another theater, it is fine', async () => {
      const hall = await theater();
      const other = await theater();
      const movie = await film({ runtime: 120 });
      const start = futureStart(2);
      const at = (minutes: number, theaterId = hall.id) =>
        schedule({ movie_id: movie.movie_id, theater_id: theaterId, start_time: new Date(start.getTime() + minutes * MINUTE).toISOString(), price: 10 });
      expect((await at(0)).status).toBe(201);
      const clash = await at(134);
      expect(clash.status).toBe(409);
      expect(clash.body.code).toBe('SHOWTIME_OVERLAP');
      expect((await at(-60)).body.code).toBe('SHOWTIME_OVERLAP');
      expect((await at(135)).status).toBe(201);
      expect((await at(0, other.id)).status).toBe(201);
      const { rows } = await kit.pool.query('SELECT count(*)::int AS n FROM showtimes WHERE theater_id = $1', [hall.id]);
      expect(rows[0].n).toBe(2);
    });

    it('when 20 admins schedule the same slot of one theater at once, then exactly one wins and 19 get SHOWTIME_OVERLAP', async () => {
      const hall = await theater();
      const movie = await film();
      const start = futureStart(3);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          schedule({ movie_id: movie.movie_id, theater_id: hall.id, start_time: new Date(start.getTime() + i * MINUTE).toISOString(), price: 9 }),
        ),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409 && a.body.code === 'SHOWTIME_OVERLAP')).toHaveLength(19);
      const { rows } = await kit.pool.query('SELECT count(*)::int AS n FROM showtimes WHERE theater_id = $1', [hall.id]);
      expect(rows[0].n).toBe(1);
    });

    it('when the movie or theater is unknown, then 404; a series, a deleted film or a start in the past are refused', async () => {
      const hall = await theater();
      const movie = await film();
      const start = futureStart(4).toISOString();
      const unknownMovie = await schedule({ movie_id: randomUUID(), theater_id: hall.id, start_time: start, price: 10 });
      expect(unknownMovie.status).toBe(404);
      expect((await schedule({ movie_id: movie.movie_id, theater_id: randomUUID(), start_time: start, price: 10 })).status).toBe(404);

      const series = await film({ is_series: true, runtime: null, title: 'A Series' });
      const seriesAnswer = await schedule({ movie_id: series.movie_id, theater_id: hall.id, start_time: start, price: 10 });
      expect(seriesAnswer.status).toBe(409);
      expect(seriesAnswer.body.code).toBe('CONFLICT');

      const gone = await film();
      await kit.deliver('movie.deleted', { ...gone, deleted: true }, { time: new Date(Date.now() + 1000) });
      const deletedAnswer = await schedule({ movie_id: gone.movie_id, theater_id: hall.id, start_time: start, price: 10 });
      expect(deletedAnswer.status).toBe(409);
      expect(deletedAnswer.body.detail).toMatch(/deleted/);

      const past = await schedule({ movie_id: movie.movie_id, theater_id: hall.id, start_time: new Date(Date.now() - MINUTE).toISOString(), price: 10 });
      expect(past.status).toBe(400);
      expect(past.body.errors).toEqual([{ field: 'body.start_time', message: 'must be in the future' }]);

      const badPrice = await schedule({ movie_id: movie.movie_id, theater_id: hall.id, start_time: start, price: 10.005 });
      expect(badPrice.status).toBe(400);
      expect(badPrice.body.errors[0].field).toBe('body.price');
      expect((await schedule({ movie_id: movie.movie_id, theater_id: hall.id, start_time: start, price: -1 })).status).toBe(400);
      expect((await schedule({ movie_id: movie.movie_id, theater_id: hall.id, start_time: 'tomorrow', price: 1 })).body.errors[0].field).toBe('body.start_time');
      const user = await kit.call('POST', '/api/showtimes', { token: kit.user().token, body: { movie_id: movie.movie_id, theater_id: hall.id, start_time: start, price: 1 } });
      expect(user.status).toBe(403);
      const { rows } = await kit.pool.query('SELECT count(*)::int AS n FROM showtimes WHERE theater_id = $1', [hall.id]);
      expect(rows[0].n).toBe(0);
    });
  });

  describe('listing', () => {
    it("when filtered by date, then the day is the theater's own (its timezone); from, to, movie and theater filters narrow the page", async () => {
      const tokyo = await theater({ timezone: 'Asia/Tokyo' });
      const movie = await film({ runtime: 90 });
      // 20:00 UTC on 2031-01-10 is 05:00 on 2031-01-11 in Tokyo.
      const late = new Date(Date.UTC(2031, 0, 10, 20, 0));
      const early = new Date(Date.UTC(2031, 0, 10, 10, 0));
      for (const start of [late, early]) {
        expect((await schedule({ movie_id: movie.movie_id, theater_id: tokyo.id, start_time: start.toISOString(), price: 8 })).status).toBe(201);
      }
      const list = (q: string) => kit.call('GET', `/api/showtimes?theater_id=${tokyo.id}&${q}`);
      const onEleventh = await list('date=2031-01-11');
      expect(onEleventh.status).toBe(200);
      expect(onEleventh.body.items.map((s: { start_time: string }) => s.start_time)).toEqual([late.toISOString()]);
      expect((await list('date=2031-01-10')).body.items.map((s: { start_time: string }) => s.start_time)).toEqual([early.toISOString()]);

      const all = await list('limit=1');
      expect(all.body).toMatchObject({ page: 1, limit: 1, total: 2, total_pages: 2 });
      expect(all.body.items[0].start_time).toBe(early.toISOString());
      const fromTo = await list(`from=${encodeURIComponent('2031-01-10T12:00:00Z')}&to=${encodeURIComponent('2031-01-11T00:00:00Z')}`);
      expect(fromTo.body.items.map((s: { start_time: string }) => s.start_time)).toEqual([late.toISOString()]);
      expect((await kit.call('GET', `/api/showtimes?movie_id=${movie.movie_id}`)).body.total).toBe(2);

      const badDate = await list('date=2031-13-01');
      expect(badDate.status).toBe(400);
      expect(badDate.body.errors[0].field).toBe('query.date');
      const backwards = await list(`from=${encodeURIComponent('2031-01-11T00:00:00Z')}&to=${encodeURIComponent('2031-01-10T00:00:00Z')}`);
      expect(backwards.status).toBe(400);
      expect(backwards.body.errors[0].field).toBe('query.to');
      expect((await kit.call('GET', `/api/showtimes/${randomUUID()}`)).status).toBe(404);
    });
  });

  describe('price changes and cancelling', () => {
    it("when an admin changes the price, then showtime.updated carries it; once cancelled, showtime.cancelled carries the reason, the slot is free and the price is frozen; both name the theater's timezone", async () => {
      const hall = await theater({ timezone: 'asia/tokyo' });
      const movie = await film({ title: 'Nosferatu' });
      const start = futureStart(5).toISOString();
      const created = await schedule({ movie_id: movie.movie_id, theater_id: hall.id, start_time: start, price: 10 });
      const id = created.body.id;

      const changed = await kit.call('PATCH', `/api/showtimes/${id}`, { token: admin(), body: { price: 14.99 } });
      expect(changed.status).toBe(200);
      expect(changed.body.price).toBe(14.99);
      const updated = await kit.event('showtime.updated', (d) => d.showtime_id === id);
      expect(updated.data).toMatchObject({ price: 14.99, status: 'scheduled', movie_title: 'Nosferatu', theater_name: hall.name, theater_timezone: 'Asia/Tokyo' });
      expect((await kit.call('PATCH', `/api/showtimes/${id}`, { token: admin(), body: {} })).body.errors[0].field).toBe('body.price');
      expect((await kit.call('PATCH', `/api/showtimes/${id}`, { token: kit.user().token, body: { price: 1 } })).status).toBe(403);

      const cancelled = await kit.call('DELETE', `/api/showtimes/${id}?reason=${encodeURIComponent('projector broken')}`, { token: admin() });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancel_reason: 'projector broken' });
      const event = await kit.event('showtime.cancelled', (d) => d.showtime_id === id);
      expect(event.data).toMatchObject({ status: 'cancelled', reason: 'projector broken', price: 14.99, theater_name: hall.name, theater_timezone: 'Asia/Tokyo', capacity: 10 });

      const again = await kit.call('DELETE', `/api/showtimes/${id}`, { token: admin() });
      expect(again.status).toBe(200);
      const frozen = await kit.call('PATCH', `/api/showtimes/${id}`, { token: admin(), body: { price: 5 } });
      expect(frozen.status).toBe(409);
      expect(frozen.body.code).toBe('SHOWTIME_NOT_BOOKABLE');
      expect((await schedule({ movie_id: movie.movie_id, theater_id: hall.id, start_time: start, price: 10 })).status).toBe(201);
      expect(kit.events.filter((e) => e.type === 'showtime.cancelled' && (e.data as { showtime_id: string }).showtime_id === id)).toHaveLength(1);
      expect((await kit.call('DELETE', `/api/showtimes/${randomUUID()}`, { token: admin() })).status).toBe(404);
    });
  });

  it('when every route gets hostile input, then no answer is a 5xx and no refusal writes a row', async () => {
    const hall = await theater();
    const movie = await film();
    const created = await schedule({ movie_id: movie.movie_id, theater_id: hall.id, start_time: futureStart(30).toISOString(), price: 10 });
    const report = await kit.sweep({
      pathValues: { id: created.body.id },
      bodies: {
        'POST /api/showtimes': { movie_id: movie.movie_id, theater_id: hall.id, start_time: futureStart(60).toISOString(), price: 10 },
        'POST /api/theaters': { name: `Swept ${randomUUID()}`, rows: ['A'], seats_per_row: 2 },
      },
    });
    expect(formatFindings(report.findings)).toBe('');
    expect(report.requests).toBeGreaterThan(30);
  });
});
