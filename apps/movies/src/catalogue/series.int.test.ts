import { randomUUID } from 'node:crypto';
import { shiftDate } from '../seed/demo-seed';
import { MoviesTestKit } from '../../test/movies-test-kit';

const fields = (body: { errors?: { field: string }[] }) => [...new Set((body.errors ?? []).map((e) => e.field))].sort();
type Listed = { items: { id: string; title: string; is_series: boolean }[]; total: number };
const titles = (body: Listed) => body.items.map((m) => m.title);

describe('movies service: series in the catalogue', () => {
  const kit = new MoviesTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  const chernobyl = {
    is_series: true,
    title: 'Chernobyl',
    release_date: '2019-05-06',
    synopsis: 'The 1986 disaster and the people who faced it.',
    genres: ['Drama', 'History'],
    cast: [{ name: 'Jared Harris', character: 'Valery Legasov' }],
    certification: 'TV-MA',
    tmdb_id: 87108,
    homepage: 'https://www.hbo.com/chernobyl',
    network_logo: 'https://image.tmdb.org/t/p/w300/hbo.png',
    popularity: 60,
    seasons: [
      {
        season_number: 1,
        air_date: '2019-05-06',
        episodes: [
          { episode_number: 2, name: 'Please Remain Calm', air_date: '2019-05-13', runtime: 65 },
          { episode_number: 1, name: '1:23:45', air_date: '2019-05-06', runtime: 60, still_url: 'https://image.tmdb.org/t/p/w300/e1.jpg' },
        ],
      },
    ],
  };

  it('when an admin adds a series with seasons and episodes, then 201 with them in order, and its details answer the same', async () => {
    const res = await kit.call('POST', '/api/movies', { token: kit.admin, body: chernobyl });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Chernobyl',
      is_series: true,
      runtime: null,
      year: 2019,
      certification: 'TV-MA',
      homepage: 'https://www.hbo.com/chernobyl',
      network_logo: 'https://image.tmdb.org/t/p/w300/hbo.png',
      tmdb_id: 87108,
    });
    expect(res.body.seasons).toEqual([
      {
        id: expect.any(String),
        season_number: 1,
        name: 'Season 1',
        overview: '',
        air_date: '2019-05-06',
        episode_count: 2,
        poster_url: null,
        vote_average: 0,
        episodes: [
          {
            id: expect.any(String),
            episode_number: 1,
            season_number: 1,
            name: '1:23:45',
            overview: '',
            air_date: '2019-05-06',
            runtime: 60,
            still_url: 'https://image.tmdb.org/t/p/w300/e1.jpg',
            vote_average: 0,
          },
          expect.objectContaining({ episode_number: 2, name: 'Please Remain Calm', runtime: 65 }),
        ],
      },
    ]);
    await kit.event('movie.created', (d) => d.movie_id === res.body.id && d.runtime === null);

    const details = await kit.call('GET', `/api/movies/${res.body.id}`);
    expect(details.status).toBe(200);
    const { similar, ...entry } = details.body;
    expect(entry).toEqual(res.body);
    expect(similar).toEqual([]);
  });

  it('when a film and a series carry the same TMDb id, then both are kept (separate numbering); twice in one kind is 409', async () => {
    // TMDb's movie 1399 and tv 1399 are different works.
    const film = await kit.createMovie({ tmdb_id: 1399 });
    const series = await kit.call('POST', '/api/movies', { token: kit.admin, body: { ...chernobyl, title: 'Game of Thrones', tmdb_id: 1399, seasons: [] } });
    expect(series.status).toBe(201);
    expect([film.tmdb_id, series.body.tmdb_id, film.is_series, series.body.is_series]).toEqual([1399, 1399, false, true]);
    const again = await kit.call('POST', '/api/movies', { token: kit.admin, body: { ...chernobyl, title: 'Thrones again', tmdb_id: 1399 } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');
    expect((await kit.call('POST', '/api/movies', { token: kit.admin, body: { title: 'Film again', year: 2000, synopsis: 'x', tmdb_id: 1399 } })).status).toBe(409);
  });

  it('when a series gets a runtime or an MPA rating, or a film gets seasons or a TV rating, then 400 names the field and nothing is written', async () => {
    const before = (await kit.pool.query('SELECT (SELECT count(*) FROM movies)::int AS m, (SELECT count(*) FROM series_seasons)::int AS s')).rows[0];
    const series = { ...chernobyl, title: `Mini ${randomUUID().slice(0, 4)}`, tmdb_id: null };
    const cases: [unknown, string][] = [
      [{ ...series, runtime: 60 }, 'body.runtime'],
      [{ ...series, certification: 'R' }, 'body.certification'],
      [{ title: 'Film', year: 2000, synopsis: 'x', seasons: [{ season_number: 1 }] }, 'body.seasons'],
      [{ title: 'Film', year: 2000, synopsis: 'x', certification: 'TV-14' }, 'body.certification'],
      [{ ...series, seasons: [{ season_number: 1 }, { season_number: 1 }] }, 'body.seasons'],
      [{ ...series, seasons: [{ season_number: 1, episodes: [{ episode_number: 1 }, { episode_number: 1 }] }] }, 'body.seasons.0.episodes'],
      [{ ...series, seasons: [{ season_number: 2147483648 }] }, 'body.seasons.0.season_number'],
      [{ ...series, seasons: [{ season_number: 1, air_date: '0000-01-01' }] }, 'body.seasons.0.air_date'],
      [{ ...series, seasons: [{ season_number: 1, episodes: [{ episode_number: 1, still_url: 'javascript:alert(1)' }] }] }, 'body.seasons.0.episodes.0.still_url'],
      [{ ...series, seasons: [{ season_number: 1, episodes: [{ episode_number: 1, name: 'x'.repeat(100_000) }] }] }, 'body.seasons.0.episodes.0.name'],
    ];
    for (const [body, field] of cases) {
      const res = await kit.call('POST', '/api/movies', { token: kit.admin, body });
      expect([field, res.status, fields(res.body)]).toEqual([field, 400, [field]]);
    }
    const film = await kit.createMovie();
    const filmSeasons = await kit.call('PATCH', `/api/movies/${film.id}`, { token: kit.admin, body: { seasons: [{ season_number: 1 }] } });
    expect([filmSeasons.status, fields(filmSeasons.body)]).toEqual([400, ['body.seasons']]);
    const created = await kit.call('POST', '/api/movies', { token: kit.admin, body: series });
    const seriesRuntime = await kit.call('PATCH', `/api/movies/${created.body.id}`, { token: kit.admin, body: { runtime: 50 } });
    expect([seriesRuntime.status, fields(seriesRuntime.body)]).toEqual([400, ['body.runtime']]);
    // A film stays a film: asking otherwise is refused, not ignored; saying what it is, is fine.
    const turned = await kit.call('PATCH', `/api/movies/${film.id}`, { token: kit.admin, body: { is_series: true, title: 'Now a show' } });
    expect([turned.status, fields(turned.body)]).toEqual([400, ['body.is_series']]);
    expect((await kit.call('PATCH', `/api/movies/${created.body.id}`, { token: kit.admin, body: { is_series: true } })).status).toBe(200);
    expect((await kit.call('GET', `/api/movies/${film.id}`)).body).toMatchObject({ title: film.title, is_series: false });
    const after = (await kit.pool.query('SELECT (SELECT count(*) FROM movies)::int AS m, (SELECT count(*) FROM series_seasons)::int AS s')).rows[0];
    expect(after).toEqual({ m: before.m + 2, s: before.s + 1 });
  });

  it('when an admin changes the seasons, then seasons are matched by number (ids stay), missing ones go, and episodes left out stay', async () => {
    const created = await kit.call('POST', '/api/movies', {
      token: kit.admin,
      body: {
        ...chernobyl,
        title: `Long Show ${randomUUID().slice(0, 4)}`,
        tmdb_id: null,
        seasons: [
          { season_number: 1, episodes: [{ episode_number: 1, name: 'One' }] },
          { season_number: 2, episodes: [{ episode_number: 1, name: 'Two' }] },
        ],
      },
    });
    const [first, second] = created.body.seasons;
    const changed = await kit.call('PATCH', `/api/movies/${created.body.id}`, {
      token: kit.admin,
      body: { seasons: [{ season_number: 1, name: 'The Beginning' }, { season_number: 3, episode_count: 10 }] },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.seasons.map((s: { id: string; season_number: number; name: string; episode_count: number }) => [s.season_number, s.name, s.episode_count])).toEqual([
      [1, 'The Beginning', 1],
      [3, 'Season 3', 10],
    ]);
    expect(changed.body.seasons[0].id).toBe(first.id);
    expect(changed.body.seasons[0].episodes.map((e: { name: string }) => e.name)).toEqual(['One']);
    const orphans = await kit.pool.query('SELECT count(*)::int AS n FROM series_episodes WHERE season_id = $1', [second.id]);
    expect(orphans.rows[0].n).toBe(0);
    await kit.event('movie.updated', (d) => d.movie_id === created.body.id);
  });

  describe('lists and search with type', () => {
    const word = `Zephyr${randomUUID().slice(0, 5)}`;
    let film: { id: string };
    let show: { id: string };
    let soonShow: { id: string };
    beforeAll(async () => {
      film = await kit.createMovie({ title: `${word} the Film`, popularity: 400_000 });
      show = (await kit.call('POST', '/api/movies', { token: kit.admin, body: { ...chernobyl, title: `${word} the Series`, tmdb_id: null, popularity: 399_999 } })).body;
      soonShow = (
        await kit.call('POST', '/api/movies', {
          token: kit.admin,
          body: { ...chernobyl, title: `${word} Returns`, tmdb_id: null, release_date: shiftDate(new Date(), 5), seasons: [] },
        })
      ).body;
    });

    it('when a client searches or lists with type, then only films or only series come back, and without it both', async () => {
      const both = await kit.call<Listed>('GET', `/api/movies/search?q=${word}`);
      expect(both.body.items.map((m) => m.id).sort()).toEqual([film.id, show.id, soonShow.id].sort());
      const series = await kit.call<Listed>('GET', `/api/movies/search?q=${word}&type=series`);
      expect(series.body.items.map((m) => m.id).sort()).toEqual([show.id, soonShow.id].sort());
      expect(series.body.items.every((m) => m.is_series)).toBe(true);
      expect(titles((await kit.call<Listed>('GET', `/api/movies/search?q=${word}&type=movie`)).body)).toEqual([`${word} the Film`]);
      expect(titles((await kit.call<Listed>('GET', `/api/movies?q=${word}&type=movie`)).body)).toEqual([`${word} the Film`]);
      expect(titles((await kit.call<Listed>('GET', `/api/movies?q=${word}&type=series&sort=title`)).body)).toEqual([`${word} Returns`, `${word} the Series`]);
    });

    it('when the cached lists take type, then popular, trending and coming-soon keep to it, each cached on its own', async () => {
      const popularSeries = await kit.call<Listed>('GET', '/api/movies/popular?type=series&limit=100');
      expect(popularSeries.body.items.every((m) => m.is_series)).toBe(true);
      expect(popularSeries.body.items[0]?.id).toBe(show.id);
      const popularFilms = await kit.call<Listed>('GET', '/api/movies/popular?type=movie&limit=100');
      expect(popularFilms.body.items[0]?.id).toBe(film.id);
      expect(popularFilms.body.items.some((m) => m.is_series)).toBe(false);
      expect((await kit.call('GET', '/api/movies/popular?type=movie&limit=100')).headers.get('x-cache')).toBe('HIT');

      const soon = await kit.call<Listed>('GET', '/api/movies/coming-soon?type=series');
      expect(soon.body.items.map((m) => m.id)).toEqual([soonShow.id]);
      expect((await kit.call<Listed>('GET', '/api/movies/coming-soon?type=movie')).body.items.map((m) => m.id)).not.toContain(soonShow.id);

      const fan = kit.user();
      await kit.call('GET', `/api/movies/${show.id}`, { token: fan.token });
      await kit.call('GET', `/api/movies/${film.id}`, { token: fan.token });
      await kit.createMovie({ title: 'Unrelated', popularity: 0 }); // drops the cached pages
      expect((await kit.call<Listed>('GET', '/api/movies/trending?type=series')).body.items.map((m) => m.id)).toEqual([show.id]);
      expect((await kit.call<Listed>('GET', '/api/movies/trending?type=movie')).body.items.map((m) => m.id)).toEqual([film.id]);
      expect((await kit.call<Listed>('GET', '/api/movies/trending')).body.total).toBe(2);
    });

    it('when a series is favourited or viewed, then it behaves like any catalogue entry', async () => {
      const me = kit.user();
      expect((await kit.call('POST', '/api/movies/favourites', { token: me.token, body: { movie_id: show.id } })).status).toBe(201);
      const mine = await kit.call('GET', '/api/movies/favourites', { token: me.token });
      expect(mine.body.items).toEqual([expect.objectContaining({ id: show.id, is_series: true, is_favorite: true })]);
      const details = await kit.call('GET', `/api/movies/${show.id}`, { token: me.token });
      expect(details.body).toMatchObject({ is_series: true, is_favorite: true });
      expect(details.body.seasons[0].episodes).toHaveLength(2);
    });
  });
});
