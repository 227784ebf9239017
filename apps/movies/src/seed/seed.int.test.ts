import demoMovies from './demo-movies.json';
import demoSeries from './demo-series.json';
import { shiftDate } from './demo-seed';
import { MoviesTestKit } from '../../test/movies-test-kit';

describe('movies service: demo seed', () => {
  const kit = new MoviesTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  const count = async (sql: string) => (await kit.pool.query(sql)).rows[0].n as number;

  it('when two replicas start together with SEED_DEMO on an empty catalogue, then the demo films and series are loaded once, each with its event', async () => {
    expect(await count('SELECT count(*)::int AS n FROM movies')).toBe(0);
    await Promise.all([kit.startInstance({ SEED_DEMO: 'true' }), kit.startInstance({ SEED_DEMO: 'true' })]);
    expect(await count(`SELECT count(*)::int AS n FROM movies WHERE kind = 'movie'`)).toBe(demoMovies.length);
    expect(await count(`SELECT count(*)::int AS n FROM movies WHERE kind = 'series'`)).toBe(demoSeries.length);
    const entries = demoMovies.length + demoSeries.length;
    expect(await count(`SELECT count(*)::int AS n FROM outbox WHERE routing_key = 'movie.created'`)).toBe(entries);
    // ANALYZE ran after the load: the planner knows how many entries there are.
    expect(await count(`SELECT reltuples::int AS n FROM pg_class WHERE oid = 'movies'::regclass`)).toBe(entries);
    await kit.event('movie.created', (d) => d.title === 'Inception');

    const inception = (await kit.call('GET', '/api/movies/search?q=Inception')).body.items[0];
    expect(inception).toMatchObject({ title: 'Inception', year: 2010, tmdb_id: 27205, poster_url: null, rating: 0 });
    expect(inception.cast[0]).toEqual({ name: 'Leonardo DiCaprio', character: 'Dom Cobb', order: 0 });
  });

  it('when the demo series are loaded, then each has its real seasons and, where listed, its episodes, and type=series lists them', async () => {
    const series = await kit.call('GET', '/api/movies?type=series&limit=100');
    expect(series.status).toBe(200);
    expect(series.body.total).toBe(demoSeries.length);
    expect(series.body.items.every((m: { is_series: boolean; runtime: unknown }) => m.is_series && m.runtime === null)).toBe(true);
    expect((await kit.call('GET', '/api/movies?type=movie&limit=1')).body.total).toBe(demoMovies.length);

    const found = await kit.call('GET', '/api/movies/search?q=breaking%20bad&type=series');
    const id = found.body.items[0].id;
    const details = await kit.call('GET', `/api/movies/${id}`);
    expect(details.status).toBe(200);
    expect(details.body).toMatchObject({ title: 'Breaking Bad', is_series: true, runtime: null, year: 2008, release_date: '2008-01-20', certification: 'TV-MA', tmdb_id: 1396 });
    expect(details.body.seasons.map((s: { season_number: number; episode_count: number }) => [s.season_number, s.episode_count])).toEqual([
      [1, 7],
      [2, 13],
      [3, 13],
      [4, 13],
      [5, 16],
    ]);
    const first = details.body.seasons[0];
    expect(first).toMatchObject({ id: expect.any(String), name: 'Season 1', air_date: '2008-01-20' });
    expect(first.episodes).toHaveLength(7);
    expect(first.episodes[0]).toEqual({
      id: expect.any(String),
      episode_number: 1,
      season_number: 1,
      name: 'Pilot',
      overview: '',
      air_date: '2008-01-20',
      runtime: null,
      still_url: null,
      vote_average: 0,
    });
    expect(details.body.seasons[1].episodes).toEqual([]);
    // Similar entries are series too.
    expect(details.body.similar.every((m: { is_series: boolean }) => m.is_series)).toBe(true);
  });

  it('when demo films carry a release offset, then they are dated from today and lead coming-soon', async () => {
    const offsets = (demoMovies as { title: string; release_offset_days?: number }[])
      .filter((m) => (m.release_offset_days ?? 0) > 0)
      .sort((a, b) => (a.release_offset_days ?? 0) - (b.release_offset_days ?? 0));
    const soon = await kit.call('GET', '/api/movies/coming-soon?limit=100');
    expect(soon.status).toBe(200);
    expect(soon.body.items.length).toBeGreaterThanOrEqual(offsets.length);
    const first = offsets[0] as { title: string; release_offset_days: number };
    expect(soon.body.items[0]).toMatchObject({ title: first.title, release_date: shiftDate(new Date(), first.release_offset_days) });
  });

  it('when the service starts again with SEED_DEMO, then nothing is added, and without its marker a catalogue that has movies is still left alone', async () => {
    const before = await count('SELECT count(*)::int AS n FROM movies');
    await kit.startInstance({ SEED_DEMO: 'true' });
    expect(await count('SELECT count(*)::int AS n FROM movies')).toBe(before);

    // Without the marker, a catalogue that is not empty is still left alone.
    await kit.pool.query('DELETE FROM service_markers');
    await kit.startInstance({ SEED_DEMO: 'true' });
    expect(await count('SELECT count(*)::int AS n FROM movies')).toBe(before);
  });
});
