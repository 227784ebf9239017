import { FAKE_TMDB_TOKEN, FakeTmdb, TMDB_ERRORS, type FakeSeries } from '../../test/fake-tmdb';
import { MoviesTestKit } from '../../test/movies-test-kit';

const fields = (body: { errors?: { field: string }[] }) => [...new Set((body.errors ?? []).map((e) => e.field))].sort();

const breakingBad: FakeSeries = {
  id: 1396,
  name: 'Breaking Bad',
  overview: 'A chemistry teacher turns to crime.',
  first_air_date: '2008-01-20',
  genres: [
    { id: 18, name: 'Drama' },
    { id: 80, name: 'Crime' },
  ],
  cast: [
    { name: 'Bryan Cranston', character: 'Walter White', order: 0 },
    { name: 'Aaron Paul', character: 'Jesse Pinkman', order: 1 },
  ],
  rating: 'TV-MA',
  popularity: 288.6,
  poster_path: '/bb.jpg',
  homepage: 'https://www.amc.com/shows/breaking-bad',
  network: { id: 174, name: 'AMC', logo_path: '/amc.png' },
  seasons: [
    { season_number: 0, name: 'Specials', air_date: '2009-02-17', episodes: [{ episode_number: 1, name: 'Good Cop Bad Cop', air_date: '2009-02-17' }] },
    {
      season_number: 1,
      air_date: '2008-01-20',
      episodes: [
        { episode_number: 1, name: 'Pilot', air_date: '2008-01-20', runtime: 59, still_path: '/pilot.jpg', vote_average: 8.3 },
        { episode_number: 2, name: "Cat's in the Bag...", air_date: '2008-01-27', runtime: 49 },
      ],
    },
    { season_number: 2, air_date: '2009-03-08', episodes: [{ episode_number: 1, name: 'Seven Thirty-Seven', air_date: '2009-03-08', runtime: 47 }] },
  ],
};

const gameOfThrones: FakeSeries = {
  id: 1399,
  name: 'Game of Thrones',
  first_air_date: '2011-04-17',
  // TMDb's tv genres: Sci-Fi & Fantasy, Drama, Action & Adventure.
  genres: [
    { id: 10765, name: 'Sci-Fi & Fantasy' },
    { id: 18, name: 'Drama' },
    { id: 10759, name: 'Action & Adventure' },
    { id: 10764, name: 'Reality' },
  ],
  rating: 'TV-MA',
  network: { id: 49, name: 'HBO', logo_path: '/hbo.png' },
  seasons: [{ season_number: 1, air_date: '2011-04-17', episodes: [{ episode_number: 1, name: 'Winter Is Coming', air_date: '2011-04-17' }] }],
};

describe('movies service: importing series from a server that answers like TMDb', () => {
  const tmdb = new FakeTmdb();
  const kit = new MoviesTestKit();
  beforeAll(async () => {
    await tmdb.start();
    tmdb.addSeries(breakingBad, gameOfThrones, { id: 1405, name: 'Dexter', first_air_date: '2006-10-01', seasons: [] });
    // TMDb numbers films apart from series: film 1399 is not Game of Thrones.
    tmdb.addFilms({ id: 1399, title: 'A Film Numbered 1399', release_date: '1999-01-01' });
    tmdb.setList('/tv/popular', [1396, 1399], [1405]);
    await kit.start({ TMDB_BASE_URL: tmdb.url, TMDB_TOKEN: FAKE_TMDB_TOKEN, TMDB_MAX_RETRY_WAIT_MS: '2000' });
  });
  afterAll(async () => {
    await kit.stop();
    await tmdb.stop();
  });

  const importing = (body: unknown) => kit.call('POST', '/api/movies/import', { token: kit.admin, body });
  const counts = async () =>
    (
      await kit.pool.query(
        `SELECT (SELECT count(*) FROM movies)::int AS movies, (SELECT count(*) FROM series_seasons)::int AS seasons,
                (SELECT count(*) FROM series_episodes)::int AS episodes, (SELECT count(*) FROM outbox)::int AS events`,
      )
    ).rows[0];
  const detailsOf = async (tmdbId: number) => {
    const { rows } = await kit.pool.query(`SELECT id FROM movies WHERE kind = 'series' AND tmdb_id = $1`, [tmdbId]);
    return (await kit.call('GET', `/api/movies/${rows[0].id}`)).body;
  };

  it('when an admin imports tv_popular, then every series arrives with its seasons and each season\'s episodes, in the shape clients expect', async () => {
    const res = await importing({ source: 'tv_popular', pages: 2 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ imported: 3, created: 3, updated: 0, skipped: 0 });
    expect(tmdb.requestsTo('/tv/popular')).toBe(2);
    expect(tmdb.requests.find((r) => r.url.startsWith('/3/tv/1396?'))?.url).toContain('append_to_response=credits%2Ccontent_ratings');
    for (const n of [0, 1, 2]) expect(tmdb.requestsTo(`/3/tv/1396/season/${n}`)).toBe(1);

    const bb = await detailsOf(1396);
    expect(bb).toMatchObject({
      title: 'Breaking Bad',
      is_series: true,
      runtime: null,
      year: 2008,
      release_date: '2008-01-20',
      synopsis: 'A chemistry teacher turns to crime.',
      genres: ['Drama', 'Crime'],
      cast: [
        { name: 'Bryan Cranston', character: 'Walter White', order: 0 },
        { name: 'Aaron Paul', character: 'Jesse Pinkman', order: 1 },
      ],
      certification: 'TV-MA',
      poster_url: 'https://image.tmdb.org/t/p/w500/bb.jpg',
      homepage: 'https://www.amc.com/shows/breaking-bad',
      network_logo: 'https://image.tmdb.org/t/p/w300/amc.png',
      popularity: 288.6,
      tmdb_id: 1396,
    });
    expect(bb.seasons.map((s: { season_number: number; name: string; episode_count: number }) => [s.season_number, s.name, s.episode_count])).toEqual([
      [0, 'Specials', 1],
      [1, 'Season 1', 2],
      [2, 'Season 2', 1],
    ]);
    expect(bb.seasons[1]).toMatchObject({ id: expect.any(String), air_date: '2008-01-20', vote_average: 0, poster_url: null });
    expect(bb.seasons[1].episodes).toEqual([
      {
        id: expect.any(String),
        episode_number: 1,
        season_number: 1,
        name: 'Pilot',
        overview: '',
        air_date: '2008-01-20',
        runtime: 59,
        still_url: 'https://image.tmdb.org/t/p/w300/pilot.jpg',
        vote_average: 8.3,
      },
      expect.objectContaining({ episode_number: 2, season_number: 1, name: "Cat's in the Bag...", runtime: 49, still_url: null }),
    ]);
    // TMDb's tv genres become the catalogue's film genres; Reality has no counterpart.
    expect((await detailsOf(1399)).genres).toEqual(['Science Fiction', 'Fantasy', 'Drama', 'Action', 'Adventure']);
    const created = await kit.event('movie.created', (d) => d.tmdb_id === 1396);
    expect(created.data).toMatchObject({ title: 'Breaking Bad', runtime: null, release_date: '2008-01-20' });

    const listed = await kit.call('GET', '/api/movies?type=series&sort=title');
    expect(listed.body.items.map((m: { title: string; is_series: boolean }) => [m.title, m.is_series])).toEqual([
      ['Breaking Bad', true],
      ['Dexter', true],
      ['Game of Thrones', true],
    ]);
  });

  it('when a series is imported again after TMDb changed it, then it is updated in place: season and episode ids stay, what TMDb dropped goes', async () => {
    const before = await detailsOf(1396);
    tmdb.addSeries({
      ...breakingBad,
      seasons: [
        breakingBad.seasons[1] as FakeSeries['seasons'][number],
        { season_number: 2, air_date: '2009-03-08', episodes: [{ episode_number: 1, name: 'Seven Thirty-Seven', air_date: '2009-03-08', runtime: 47 }, { episode_number: 2, name: 'Grilled', air_date: '2009-03-15' }] },
      ],
    });
    // The client caches TMDb answers; a new instance without the cache reads the new ones.
    const fresh = await kit.startInstance({ TMDB_BASE_URL: tmdb.url, TMDB_TOKEN: FAKE_TMDB_TOKEN, MOVIES_CACHE_ENABLED: 'false' });
    const res = await kit.call('POST', '/api/movies/import', { token: kit.admin, body: { source: 'tv_popular' }, base: fresh.url });
    expect(res.body).toEqual({ imported: 2, created: 0, updated: 2, skipped: 0 });
    const after = await detailsOf(1396);
    expect(after.id).toBe(before.id);
    expect(after.seasons.map((s: { season_number: number }) => s.season_number)).toEqual([1, 2]);
    expect(after.seasons[0].id).toBe(before.seasons[1].id);
    expect(after.seasons[0].episodes[0].id).toBe(before.seasons[1].episodes[0].id);
    expect(after.seasons[1].episodes.map((e: { name: string }) => e.name)).toEqual(['Seven Thirty-Seven', 'Grilled']);
    await kit.event('movie.updated', (d) => d.tmdb_id === 1396);
  });

  it('when an admin imports one entry by tmdb_id, then type decides whose numbering it is: series 1399 and film 1399 both exist', async () => {
    const film = await importing({ tmdb_id: 1399 });
    expect(film.status).toBe(201);
    expect(film.body).toEqual({ imported: 1, created: 1, updated: 0, skipped: 0 });
    expect(tmdb.requestsTo('/3/movie/1399?')).toBe(1);
    const series = await importing({ tmdb_id: 1399, type: 'series' });
    expect(series.status).toBe(200);
    expect(series.body).toEqual({ imported: 1, created: 0, updated: 1, skipped: 0 });
    const rows = await kit.pool.query('SELECT kind, title FROM movies WHERE tmdb_id = 1399 ORDER BY kind');
    expect(rows.rows).toEqual([
      { kind: 'movie', title: 'A Film Numbered 1399' },
      { kind: 'series', title: 'Game of Thrones' },
    ]);

    const unknown = await importing({ tmdb_id: 999999, type: 'series' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
  });

  it('when an admin searches TMDb for series, then /search/tv is asked and the series imported', async () => {
    tmdb.addSeries({ id: 66732, name: 'Stranger Things', first_air_date: '2016-07-15', rating: 'TV-14', seasons: [{ season_number: 1, air_date: '2016-07-15', episodes: [{ episode_number: 1, name: 'Chapter One: The Vanishing of Will Byers', air_date: '2016-07-15' }] }] });
    tmdb.setTvSearch('stranger', [66732]);
    const res = await importing({ source: 'search', q: 'Stranger', type: 'series' });
    expect(res.status).toBe(201);
    expect(res.body.created).toBe(1);
    expect(tmdb.requestsTo('/3/search/tv?')).toBe(1);
    const found = await kit.call('GET', '/api/movies/search?q=stranger&type=series');
    expect(found.body.items[0]).toMatchObject({ title: 'Stranger Things', is_series: true, certification: 'TV-14' });
  });

  it('when a season answer fails midway, then 503 and nothing is written; a season in the wrong shape, 502', async () => {
    const before = await counts();
    tmdb.addSeries({ id: 4001, name: 'Fragile', first_air_date: '2020-01-01', seasons: [{ season_number: 1, episodes: [] }, { season_number: 2, episodes: [] }] });
    tmdb.setTvSearch('fragile', [4001]);
    tmdb.script('/3/tv/4001/season/2', { status: 500, body: TMDB_ERRORS.internal });
    const failed = await importing({ source: 'search', q: 'fragile', type: 'series' });
    expect(failed.status).toBe(503);
    expect(failed.body.code).toBe('UPSTREAM_UNAVAILABLE');
    tmdb.script('/3/tv/4001/season/2', { body: { season_number: 2, episodes: [{ episode_number: 'one', name: 7 }] } });
    expect((await importing({ source: 'search', q: 'fragile', type: 'series', pages: 1 })).status).toBe(502);
    expect(await counts()).toEqual(before);
  });

  it('when the request mixes lists and types, then 400 names the field', async () => {
    const cases: [unknown, string[]][] = [
      [{ source: 'popular', type: 'series' }, ['body.type']],
      [{ source: 'upcoming', type: 'series' }, ['body.type']],
      [{ source: 'tv_popular', type: 'movie' }, ['body.type']],
      [{ source: 'tv_popular', tmdb_id: 1396 }, ['body.tmdb_id']],
      [{}, ['body.source']],
      [{ tmdb_id: 2147483648, type: 'series' }, ['body.tmdb_id']],
      [{ tmdb_id: 1396, type: 'show' }, ['body.type']],
      [{ source: 'search', type: 'series' }, ['body.q']],
    ];
    for (const [body, expected] of cases) {
      const res = await importing(body);
      expect([JSON.stringify(body), res.status, fields(res.body)]).toEqual([JSON.stringify(body), 400, expected]);
    }
  });
});
