import { formatFindings, hostileSweep } from '@marquee/testing';
import { FAKE_TMDB_TOKEN, FakeTmdb } from '../test/fake-tmdb';
import { MoviesTestKit } from '../test/movies-test-kit';

// Every documented route, every field, query and path parameter, with NUL, lone surrogates,
// right-to-left overrides, 100 kB strings, wrong types, out-of-range numbers and dates: no answer
// may be a 5xx, every refusal is problem+json, and no refusal writes a row.
describe('movies service: hostile input on every route', () => {
  const tmdb = new FakeTmdb();
  const kit = new MoviesTestKit();
  beforeAll(async () => {
    await tmdb.start();
    await kit.start({ TMDB_BASE_URL: tmdb.url, TMDB_TOKEN: FAKE_TMDB_TOKEN });
  });
  afterAll(async () => {
    await kit.stop();
    await tmdb.stop();
  });

  it('when every route gets hostile values, then none answers 5xx and no refusal writes a row', async () => {
    const movie = await kit.createMovie();
    const series = await kit.call('POST', '/api/movies', {
      token: kit.admin,
      body: { is_series: true, title: 'Sweep Series', year: 2020, synopsis: 'x', seasons: [{ season_number: 1, episodes: [{ episode_number: 1 }] }] },
    });
    const user = kit.user();
    const report = await hostileSweep({
      baseUrl: kit.service.url,
      token: (op) => (op.description.includes('admin role') ? kit.admin : user.token),
      databaseUrl: kit.db.url,
      pathValues: { id: movie.id, movie_id: movie.id },
      bodies: {
        'POST /api/movies': { title: 'Swept', year: 2001, synopsis: 'A film the sweep made.' },
        'POST /api/movies/favourites': { movie_id: movie.id },
        'POST /api/movies/import': { source: 'search', q: 'sweep' },
        'PUT /api/movies/{id}': { title: 'Swept again' },
        'PATCH /api/movies/{id}': { title: 'Swept again' },
      },
    });
    expect(formatFindings(report.findings)).toBe('');
    expect(report.operations).toBeGreaterThanOrEqual(17);

    // The series' seasons are swept through PATCH too.
    const seasons = await hostileSweep({
      baseUrl: kit.service.url,
      token: kit.admin,
      databaseUrl: kit.db.url,
      pathValues: { id: series.body.id },
      bodies: { 'PATCH /api/movies/{id}': { seasons: [{ season_number: 1, episodes: [{ episode_number: 1 }] }] } },
      skip: Object.keys((await kit.call('GET', '/openapi.json')).body.paths).flatMap((path) =>
        ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => `${m} ${path.replace(/:(\w+)/g, '{$1}')}`).filter((op) => op !== 'PATCH /api/movies/{id}'),
      ),
    });
    expect(formatFindings(seasons.findings)).toBe('');
    expect(seasons.operations).toBe(1);
  }, 600_000);
});
