import demoMovies from './demo-movies.json';
import { shiftDate } from './demo-seed';
import { MoviesTestKit } from '../../test/movies-test-kit';

describe('movies service: demo seed', () => {
  const kit = new MoviesTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  const count = async (sql: string) => (await kit.pool.query(sql)).rows[0].n as number;

  it('when two replicas start together with SEED_DEMO on an empty catalogue, then the demo movies are loaded once, each with its event', async () => {
    expect(await count('SELECT count(*)::int AS n FROM movies')).toBe(0);
    await Promise.all([kit.startInstance({ SEED_DEMO: 'true' }), kit.startInstance({ SEED_DEMO: 'true' })]);
    expect(await count('SELECT count(*)::int AS n FROM movies')).toBe(demoMovies.length);
    expect(await count(`SELECT count(*)::int AS n FROM outbox WHERE routing_key = 'movie.created'`)).toBe(demoMovies.length);
    // ANALYZE ran after the load: the planner knows how many films there are.
    expect(await count(`SELECT reltuples::int AS n FROM pg_class WHERE oid = 'movies'::regclass`)).toBe(demoMovies.length);
    await kit.event('movie.created', (d) => d.title === 'Inception');

    const inception = (await kit.call('GET', '/api/movies/search?q=Inception')).body.items[0];
    expect(inception).toMatchObject({ title: 'Inception', year: 2010, tmdb_id: 27205, poster_url: null, rating: 0 });
    expect(inception.cast[0]).toEqual({ name: 'Leonardo DiCaprio', character: 'Dom Cobb', order: 0 });
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
