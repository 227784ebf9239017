import { randomUUID } from 'node:crypto';
import { ServiceTestKit, waitUntil } from '@marquee/testing';
import { showtimesService } from '../app';
import { futureStart, movieCreated } from '../test-support/builders';
import { MoviesStandIn } from '../test-support/movies-stand-in';

describe('showtimes service: the movie read model', () => {
  const movies = new MoviesStandIn();
  const kit = new ServiceTestKit(showtimesService);
  const admin = () => kit.user('admin').token;
  // The catalogue exists before this service first starts: 150 films (two pages of 100) and a series.
  const catalogue = Array.from({ length: 150 }, (_, i) => ({ id: randomUUID(), title: `Film ${i}`, runtime: 90 + (i % 30) }));
  const series = { id: randomUUID(), title: 'The Series', runtime: null, is_series: true };

  beforeAll(async () => {
    await movies.start();
    movies.add(...catalogue, series);
    await kit.start({ MOVIES_URL: movies.url, MOVIES_BACKFILL_INTERVAL_MS: '200' });
  });
  afterAll(async () => {
    await kit.stop();
    await movies.stop();
  });

  const stored = async (id: string) =>
    (await kit.pool.query('SELECT title, runtime, is_series, deleted FROM movies WHERE movie_id = $1', [id])).rows[0];
  const count = async () => (await kit.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM movies')).rows[0]?.n ?? 0;

  it('when the read model is empty at start, then it is backfilled from the movies service, page by page', async () => {
    await waitUntil(async () => (await count()) === 151, { message: 'the backfill' });
    expect(movies.requests).toEqual(expect.arrayContaining(['/api/movies?page=1&limit=100', '/api/movies?page=2&limit=100']));
    expect(await stored(catalogue[7]?.id ?? '')).toEqual({ title: 'Film 7', runtime: 97, is_series: false, deleted: false });
    expect(await stored(series.id)).toMatchObject({ is_series: true, runtime: null });
    // Not empty any more: later job runs ask movies nothing.
    const asked = movies.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(movies.requests.filter((r) => r.startsWith('/api/movies?')).length).toBe(asked);
  });

  it('when movie events arrive, then newer facts win and a late, older one changes nothing', async () => {
    const film = movieCreated({ title: 'First Title', runtime: 100 });
    await kit.deliver('movie.created', film, { time: new Date('2030-01-01T10:00:00Z') });
    await kit.deliver('movie.updated', { ...film, title: 'Second Title', runtime: 110 }, { time: new Date('2030-01-03T10:00:00Z') });
    await kit.deliver('movie.updated', { ...film, title: 'Stale Title' }, { time: new Date('2030-01-02T10:00:00Z') });
    expect(await stored(film.movie_id)).toEqual({ title: 'Second Title', runtime: 110, is_series: false, deleted: false });
    await kit.deliver('movie.deleted', { ...film, title: 'Second Title', deleted: true }, { time: new Date('2030-01-03T10:00:00Z') });
    expect(await stored(film.movie_id)).toMatchObject({ deleted: true });
  });

  it('when a film is not in the read model yet, then movies is asked before answering, and the film can be scheduled at once', async () => {
    const hall = await kit.call('POST', '/api/theaters', { token: admin(), body: { name: 'Miss Hall', rows: ['A'], seats_per_row: 4 } });
    const fresh = { id: randomUUID(), title: 'Just Created', runtime: 95 };
    movies.add(fresh);
    const res = await kit.call('POST', '/api/showtimes', {
      token: admin(),
      body: { movie_id: fresh.id, theater_id: hall.body.id, start_time: futureStart(1).toISOString(), price: 11 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ movie_title: 'Just Created', end_time: new Date(futureStart(1).getTime() + 95 * 60_000).toISOString() });
    expect(movies.requests).toContain(`/api/movies/${fresh.id}`);
    expect(await stored(fresh.id)).toMatchObject({ title: 'Just Created', runtime: 95 });

    const unknown = randomUUID();
    const missing = await kit.call('POST', '/api/showtimes', {
      token: admin(),
      body: { movie_id: unknown, theater_id: hall.body.id, start_time: futureStart(2).toISOString(), price: 11 },
    });
    expect(missing.status).toBe(404);
    expect(movies.requests).toContain(`/api/movies/${unknown}`);
    expect(await stored(unknown)).toBeUndefined();
  });

  it('when the movies service fails on a miss, then 503 with Retry-After and nothing is written', async () => {
    const hall = await kit.call('POST', '/api/theaters', { token: admin(), body: { name: 'Down Hall', rows: ['A'], seats_per_row: 4 } });
    movies.failWith = 500;
    try {
      const res = await kit.call('POST', '/api/showtimes', {
        token: admin(),
        body: { movie_id: randomUUID(), theater_id: hall.body.id, start_time: futureStart(3).toISOString(), price: 11 },
      });
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      movies.failWith = undefined;
    }
    expect((await kit.pool.query('SELECT count(*)::int AS n FROM showtimes WHERE theater_id = $1', [hall.body.id])).rows[0].n).toBe(0);
  });
});

describe('showtimes service: the movie backfill when movies is down at start', () => {
  const movies = new MoviesStandIn();
  const kit = new ServiceTestKit(showtimesService);
  const film = { id: randomUUID(), title: 'Already There', runtime: 100 };

  beforeAll(async () => {
    await movies.start();
    movies.add(film);
    movies.failWith = 503;
    await kit.start({ MOVIES_URL: movies.url, MOVIES_BACKFILL_INTERVAL_MS: '200', MOVIES_BREAKER_RESET_MS: '100' });
  });
  afterAll(async () => {
    await kit.stop();
    await movies.stop();
  });

  it('when an event fills the read model meanwhile, then the backfill is still tried again until movies answers', async () => {
    await waitUntil(() => movies.requests.some((r) => r.startsWith('/api/movies?')), { message: 'a first backfill attempt' });
    await kit.deliver('movie.created', movieCreated({ title: 'From An Event' }));
    movies.failWith = undefined;
    await waitUntil(
      async () => (await kit.pool.query('SELECT 1 FROM movies WHERE movie_id = $1', [film.id])).rowCount === 1,
      { message: 'the backfill after movies came back' },
    );
    expect((await kit.pool.query('SELECT movies FROM movie_backfill')).rows).toEqual([{ movies: 1 }]);
  });
});
