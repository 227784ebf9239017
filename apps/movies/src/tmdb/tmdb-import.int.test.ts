import { FAKE_TMDB_TOKEN, FakeTmdb, TMDB_ERRORS } from '../../test/fake-tmdb';
import { MoviesTestKit } from '../../test/movies-test-kit';

const TIMEOUT_MS = 300;

describe('movies service: TMDb import against a server that answers like TMDb', () => {
  const tmdb = new FakeTmdb();
  const kit = new MoviesTestKit();
  beforeAll(async () => {
    await tmdb.start();
    tmdb.addFilms(
      {
        id: 27205,
        title: 'Inception',
        overview: 'Cobb steals secrets from dreams.',
        release_date: '2010-07-15',
        runtime: 148,
        genres: [
          { id: 28, name: 'Action' },
          { id: 878, name: 'Science Fiction' },
        ],
        cast: [
          { name: 'Leonardo DiCaprio', character: 'Dom Cobb', order: 0 },
          { name: 'Tom Hardy', character: 'Eames', order: 3 },
        ],
        certification: 'PG-13',
        popularity: 83.9,
        poster_path: '/inception.jpg',
      },
      { id: 155, title: 'The Dark Knight', release_date: '2008-07-16', runtime: 152, genres: [{ id: 80, name: 'Crime' }], cast: [{ name: 'Christian Bale', character: 'Bruce Wayne', order: 0 }], certification: 'PG-13' },
      { id: 157336, title: 'Interstellar', release_date: '2014-11-05', runtime: 169, genres: [{ id: 12, name: 'Adventure' }, { id: 10770, name: 'TV Movie' }], certification: 'PG-13' },
      { id: 374720, title: 'Dunkirk', release_date: '2017-07-19', genres: [{ id: 10752, name: 'War' }] },
      { id: 577922, title: 'Tenet', release_date: '2020-08-22', genres: [{ id: 53, name: 'Thriller' }] },
      { id: 1124, title: 'The Prestige', release_date: '2006-10-17', certification: 'PG-13' },
    );
    tmdb.setList('/movie/popular', [27205, 155], [157336]);
    await kit.start({ TMDB_BASE_URL: tmdb.url, TMDB_TOKEN: FAKE_TMDB_TOKEN, TMDB_TIMEOUT_MS: String(TIMEOUT_MS), TMDB_BREAKER_RESET_MS: '60000', TMDB_MAX_RETRY_WAIT_MS: '2000' });
  });
  afterAll(async () => {
    await kit.stop();
    await tmdb.stop();
  });

  const importing = (body: unknown) => kit.call('POST', '/api/movies/import', { token: kit.admin, body });
  const catalogueSize = async () => (await kit.pool.query('SELECT count(*)::int AS n FROM movies')).rows[0].n as number;
  const outboxSize = async () => (await kit.pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n as number;

  it('when an admin imports popular films twice, then they are created once and updated the second time, by tmdb_id', async () => {
    const first = await importing({ source: 'popular', pages: 3 });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ imported: 3, created: 3, updated: 0, skipped: 0 });
    // ANALYZE ran after the import: the planner knows how many films there are.
    expect((await kit.pool.query(`SELECT reltuples::int AS n FROM pg_class WHERE oid = 'movies'::regclass`)).rows[0].n).toBe(await catalogueSize());
    expect(tmdb.requests.every((r) => r.authorization === `Bearer ${FAKE_TMDB_TOKEN}`)).toBe(true);
    expect(tmdb.requestsTo('/movie/popular')).toBe(2); // page 2 said it was the last
    expect(tmdb.requests.find((r) => r.url.startsWith('/3/movie/27205'))?.url).toContain('append_to_response=credits%2Crelease_dates');

    const found = await kit.call('GET', '/api/movies/search?q=inception');
    expect(found.body.items[0]).toMatchObject({
      title: 'Inception',
      year: 2010,
      release_date: '2010-07-15',
      runtime: 148,
      genres: ['Action', 'Science Fiction'],
      cast: [
        { name: 'Leonardo DiCaprio', character: 'Dom Cobb', order: 0 },
        { name: 'Tom Hardy', character: 'Eames', order: 3 },
      ],
      poster_url: 'https://image.tmdb.org/t/p/w500/inception.jpg',
      certification: 'PG-13',
      popularity: 83.9,
      tmdb_id: 27205,
    });
    await kit.event('movie.created', (d) => d.tmdb_id === 27205);
    expect((await kit.call('GET', '/api/movies/search?q=interstellar')).body.items[0].genres).toEqual(['Adventure']);

    const second = await importing({ source: 'popular', pages: 2 });
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ imported: 3, created: 0, updated: 3, skipped: 0 });
    const rows = await kit.pool.query('SELECT tmdb_id, count(*)::int AS n FROM movies WHERE tmdb_id = ANY ($1) GROUP BY tmdb_id', [[27205, 155, 157336]]);
    expect(rows.rows.map((r) => r.n)).toEqual([1, 1, 1]);
    await kit.event('movie.updated', (d) => d.tmdb_id === 155);
  });

  it('when a listed film is unknown to TMDb (404, status_code 34), then it is skipped and the rest imported', async () => {
    tmdb.setSearch('nolan', [374720, 999999]);
    const res = await importing({ source: 'search', q: 'Nolan' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ imported: 1, created: 1, updated: 0, skipped: 1 });
  });

  it('when a deleted movie comes back from TMDb, then it stays deleted and counts as skipped', async () => {
    tmdb.setSearch('prestige', [1124]);
    expect((await importing({ source: 'search', q: 'prestige' })).body.created).toBe(1);
    const { id } = (await kit.call('GET', '/api/movies/search?q=prestige')).body.items[0];
    await kit.call('DELETE', `/api/movies/${id}`, { token: kit.admin });
    tmdb.setSearch('the prestige', [1124]);
    const again = await importing({ source: 'search', q: 'The Prestige' });
    expect(again.body).toEqual({ imported: 0, created: 0, updated: 0, skipped: 1 });
    expect((await kit.call('GET', `/api/movies/${id}`)).status).toBe(404);
  });

  it('when TMDb answers 429 with Retry-After, then the import waits that long and succeeds', async () => {
    tmdb.setSearch('tenet', [577922]);
    tmdb.script('query=tenet', { status: 429, headers: { 'Retry-After': '1' }, body: TMDB_ERRORS.rateLimited });
    const started = Date.now();
    const res = await importing({ source: 'search', q: 'tenet' });
    expect(res.status).toBe(201);
    expect(res.body.created).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(tmdb.requestsTo('query=tenet')).toBe(2);
  });

  it('when TMDb keeps answering 429, then after 3 tries the caller gets 503 with Retry-After and nothing is written', async () => {
    tmdb.setSearch('busy', [27205]);
    const limited = { status: 429, headers: { 'Retry-After': '0' }, body: TMDB_ERRORS.rateLimited };
    tmdb.script('query=busy', limited, limited, limited);
    const before = await catalogueSize();
    const res = await importing({ source: 'search', q: 'busy' });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(tmdb.requestsTo('query=busy')).toBe(3);
    expect(await catalogueSize()).toBe(before);
  });

  it('when TMDb refuses the key (401, status_code 7), then 503 UPSTREAM_UNAVAILABLE says so', async () => {
    tmdb.script('/movie/upcoming', { status: 401, body: TMDB_ERRORS.invalidKey });
    const res = await importing({ source: 'upcoming' });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(res.body).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', detail: expect.stringContaining('Invalid API key') });
  });

  it('when one film of the batch comes back in the wrong shape, then 502 and nothing at all is written', async () => {
    tmdb.addFilms({ id: 680, title: 'Pulp Fiction' }, { id: 13, title: 'Forrest Gump' });
    tmdb.setSearch('mixed', [680, 13]);
    tmdb.script('/movie/13?', { body: { id: 'thirteen', title: null, genres: 'Drama' } });
    const [movies, events] = [await catalogueSize(), await outboxSize()];
    const res = await importing({ source: 'search', q: 'mixed' });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('BAD_GATEWAY');
    expect([await catalogueSize(), await outboxSize()]).toEqual([movies, events]);

    tmdb.script('/trending/movie/week', { rawBody: '<html>Bad gateway</html>' });
    expect((await importing({ source: 'trending' })).status).toBe(502);
  });

  it('when TMDb fails partway (a later list page, or one film of several), then 503 and the catalogue is untouched', async () => {
    const [movies, events] = [await catalogueSize(), await outboxSize()];
    tmdb.setSearch('midway', [680], [13]);
    tmdb.script((url) => url.searchParams.get('query') === 'midway' && url.searchParams.get('page') === '2', { status: 500, body: TMDB_ERRORS.internal });
    expect((await importing({ source: 'search', q: 'midway', pages: 2 })).status).toBe(503);

    tmdb.setSearch('partway', [680, 13]);
    tmdb.script('/movie/13?', { status: 500, body: TMDB_ERRORS.internal });
    const res = await importing({ source: 'search', q: 'partway' });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('UPSTREAM_UNAVAILABLE');
    expect([await catalogueSize(), await outboxSize()]).toEqual([movies, events]);
  });

  it('when the request is not valid, then 400 names the fields; anonymous 401', async () => {
    const res = await importing({ source: 'search', pages: 6 });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.pages', 'body.q']);
    expect((await importing({ source: 'netflix' })).status).toBe(400);
    expect((await kit.call('POST', '/api/movies/import', { body: { source: 'popular' } })).status).toBe(401);
  });

  it('when no TMDb token is configured, then 503 UPSTREAM_UNAVAILABLE says TMDb is not configured', async () => {
    const bare = await kit.startInstance({ TMDB_BASE_URL: tmdb.url });
    const res = await kit.call('POST', '/api/movies/import', { token: kit.admin, body: { source: 'popular' }, base: bare.url });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', detail: expect.stringContaining('not configured') });
    expect(res.headers.get('retry-after')).toBeTruthy();
  });

  it('when TMDb is slower than the timeout, then 503 after the timeout, and once the breaker opens, 503 at once without calling TMDb', async () => {
    // A replica of its own: a fresh breaker, whose window holds only this test's calls.
    const replica = await kit.startInstance({ TMDB_BASE_URL: tmdb.url, TMDB_TOKEN: FAKE_TMDB_TOKEN, TMDB_TIMEOUT_MS: String(TIMEOUT_MS), TMDB_BREAKER_RESET_MS: '60000' });
    const importing = (body: unknown) => kit.call('POST', '/api/movies/import', { token: kit.admin, body, base: replica.url });
    const slow = Array.from({ length: 10 }, () => ({ delayMs: 5_000, body: { page: 1, results: [], total_pages: 1, total_results: 0 } }));
    tmdb.script('/movie/upcoming', ...slow);
    const started = Date.now();
    const first = await importing({ source: 'upcoming' });
    const took = Date.now() - started;
    expect(first.status).toBe(503);
    expect(first.body.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(took).toBeLessThan(2_000);

    let fast: { status: number; retryAfter: string | null; ms: number; calls: number } | undefined;
    for (let i = 0; i < 10 && !fast; i++) {
      const calls = tmdb.requestsTo('/movie/upcoming');
      const t = Date.now();
      const res = await importing({ source: 'upcoming' });
      const ms = Date.now() - t;
      expect(res.status).toBe(503);
      if (ms < TIMEOUT_MS / 2) fast = { status: res.status, retryAfter: res.headers.get('retry-after'), ms, calls: tmdb.requestsTo('/movie/upcoming') - calls };
    }
    expect(fast).toMatchObject({ status: 503, calls: 0 });
    expect(Number(fast?.retryAfter)).toBeGreaterThanOrEqual(1);
  });
});
