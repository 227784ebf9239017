import { MoviesTestKit } from '../../test/movies-test-kit';

/** The fields an answer names, each once (a value can break two rules of one field). */
const fields = (body: { errors?: { field: string }[] }) => [...new Set((body.errors ?? []).map((e) => e.field))].sort();
const HUGE = 'x'.repeat(100_000);

// Every value here once reached PostgreSQL and came back as a 500 (or would have been stored as
// something no client can use). Each must be a 400 naming its field, and change nothing.
describe('movies service: inputs outside what the catalogue can store', () => {
  const kit = new MoviesTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  const rowsAndEvents = async () => {
    const { rows } = await kit.pool.query(
      `SELECT (SELECT count(*) FROM movies)::int AS movies, (SELECT count(*) FROM outbox)::int AS events,
              (SELECT max(updated_at) FROM movies) AS last_change`,
    );
    return rows[0];
  };

  const badAdminValues: [string, unknown][] = [
    ['tmdb_id', 2147483648],
    ['tmdb_id', 9007199254740993],
    ['tmdb_id', 0],
    ['release_date', '1800-01-01'],
    ['release_date', '9999-12-31'],
    ['release_date', '0000-01-01'],
    ['release_date', '2021-02-29'],
    ['release_date', '+275760-09-13'],
    ['year', 2147483648],
    ['runtime', 2147483648],
    ['popularity', 1e308],
    ['title', HUGE],
    ['synopsis', HUGE],
    ['description', HUGE],
    ['genres', [HUGE]],
    ['cast', [{ name: HUGE }]],
    ['cast', [{ name: 'Someone', character: HUGE }]],
    ['cast', [{ name: 'Someone', order: 2147483648 }]],
    ['language', HUGE],
    ['poster_url', 'javascript:alert(document.cookie)'],
    ['poster_url', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['backdrop_url', 'javascript:alert(1)'],
    ['backdrop_url', 'data:image/svg+xml,<svg onload=alert(1)>'],
    ['backdrop_url', 'ftp://files.example/b.jpg'],
    ['poster_url', `https://img.example/${HUGE}`],
    ['homepage', 'javascript:alert(1)'],
    ['network_logo', 'data:image/png;base64,AAAA'],
  ];

  it('when an admin PATCHes a value outside its column (int4, dates, lengths, URL schemes), then 400 names the field and nothing changes', async () => {
    const movie = await kit.createMovie({ release_date: '2001-05-05' });
    const before = await rowsAndEvents();
    const answers: string[] = [];
    for (const [field, value] of badAdminValues) {
      for (const method of ['PATCH', 'PUT']) {
        const res = await kit.call(method, `/api/movies/${movie.id}`, { token: kit.admin, body: { [field]: value } });
        const named = fields(res.body).some((f) => f === `body.${field}` || f.startsWith(`body.${field}.`));
        answers.push(`${method} ${field}=${String(value).slice(0, 40)} → ${res.status}${named ? '' : ` (fields ${fields(res.body).join(',')})`}`);
      }
    }
    expect(answers.filter((a) => !/→ 400$/.test(a))).toEqual([]);
    expect(await rowsAndEvents()).toEqual(before);
    const unchanged = await kit.call('GET', `/api/movies/${movie.id}`);
    expect(unchanged.body).toMatchObject({ title: movie.title, release_date: '2001-05-05', poster_url: null });
  });

  it('when an admin creates a movie with a value outside its column, then 400 names the field and nothing is created', async () => {
    const before = await rowsAndEvents();
    const base = { title: 'Bounded', year: 2001, synopsis: 'Within its columns.' };
    for (const [field, value] of badAdminValues) {
      const res = await kit.call('POST', '/api/movies', { token: kit.admin, body: { ...base, [field]: value } });
      expect([field, value === HUGE ? 'HUGE' : value, res.status]).toEqual([field, value === HUGE ? 'HUGE' : value, 400]);
      expect(fields(res.body).some((f) => f === `body.${field}` || f.startsWith(`body.${field}.`))).toBe(true);
    }
    expect(await rowsAndEvents()).toEqual(before);
  });

  it('when values sit at the edges of their columns, then they are stored as given', async () => {
    const edge = await kit.createMovie({
      tmdb_id: 2147483647,
      year: 1870,
      release_date: '1870-01-01',
      title: 'T'.repeat(300),
      poster_url: 'http://img.example/p.jpg',
      backdrop_url: 'https://img.example/b.jpg',
    });
    expect(edge).toMatchObject({ tmdb_id: 2147483647, release_date: '1870-01-01', year: 1870, poster_url: 'http://img.example/p.jpg' });
    const later = await kit.call('PATCH', `/api/movies/${edge.id}`, { token: kit.admin, body: { release_date: '2200-12-31' } });
    expect(later.status).toBe(200);
    expect(later.body).toMatchObject({ release_date: '2200-12-31', year: 2200 });
  });

  it('when list and search query parameters are out of range, then 400 names each', async () => {
    const cases: [string, string][] = [
      ['/api/movies?page=2147483648', 'query.page'],
      ['/api/movies?page=1e400', 'query.page'],
      ['/api/movies?page=9007199254740993', 'query.page'],
      ['/api/movies?limit=2147483648', 'query.limit'],
      ['/api/movies?year=2147483648', 'query.year'],
      ['/api/movies?year=1e400', 'query.year'],
      [`/api/movies?genre=${'x'.repeat(5_000)}`, 'query.genre'],
      [`/api/movies?q=${'x'.repeat(5_000)}`, 'query.q'],
      ['/api/movies?type=documentary', 'query.type'],
      [`/api/movies/search?q=${'x'.repeat(5_000)}`, 'query.q'],
      ['/api/movies/search?q=a&page=2147483648', 'query.page'],
      ['/api/movies/search?q=a&type=film', 'query.type'],
      ['/api/movies/popular?page=2147483648', 'query.page'],
      ['/api/movies/trending?page=1e400', 'query.page'],
      ['/api/movies/coming-soon?type=x', 'query.type'],
    ];
    for (const [path, field] of cases) {
      const res = await kit.call('GET', path);
      expect([path.slice(0, 60), res.status, fields(res.body)]).toEqual([path.slice(0, 60), 400, [field]]);
    }
    const user = kit.user();
    for (const path of ['/api/movies/favourites?page=2147483648', '/api/movies/history?page=2147483648', '/api/movies/recommendations?page=2147483648']) {
      const res = await kit.call('GET', path, { token: user.token });
      expect([path, res.status, fields(res.body)]).toEqual([path, 400, ['query.page']]);
    }
  });
});
