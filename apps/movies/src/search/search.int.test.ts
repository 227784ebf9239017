import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { MoviesTestKit } from '../../test/movies-test-kit';

const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();
type Listed = { items: { id: string; title: string }[] };
const ids = (body: Listed) => body.items.map((m) => m.id);
/** Queries that are about the request, not the outbox relay's polling. */
const requestQueries = (texts: string[]) => texts.filter((t) => !/outbox/i.test(t) && !/^\s*(BEGIN|COMMIT|ROLLBACK)/i.test(t));

describe('movies service: search and the filtered list', () => {
  const kit = new MoviesTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  describe('finding films', () => {
    beforeAll(async () => {
      // The film the catalogue's first admin test adds: the exact title, with Tom Hardy, Action and Science Fiction.
      await kit.createMovie({
        title: 'Inception',
        year: 2010,
        release_date: '2010-07-16',
        genres: ['action', 'Science Fiction'],
        cast: [
          { name: 'Tom Hardy', character: 'Eames', order: 3 },
          { name: 'Leonardo DiCaprio', character: 'Cobb', order: 0 },
        ],
        popularity: 80,
        tmdb_id: 27205,
      });
      const films = [
        { title: 'Inception: The Cobol Job', year: 2010, genres: ['Animation', 'Action'], cast: [{ name: 'Joseph Gordon-Levitt' }], popularity: 5 },
        { title: 'The Dark Knight Rises', year: 2012, genres: ['Action', 'Crime', 'Drama'], cast: [{ name: 'Christian Bale' }, { name: 'Tom Hardy' }], popularity: 60 },
        { title: 'Mad Max: Fury Road', year: 2015, genres: ['Action', 'Adventure', 'Science Fiction'], cast: [{ name: 'Tom Hardy' }, { name: 'Charlize Theron' }], popularity: 55 },
        { title: 'Amélie', year: 2001, genres: ['Comedy', 'Romance'], cast: [{ name: 'Audrey Tautou' }], popularity: 30 },
        { title: 'Dream Machines', year: 2019, genres: ['Documentary'], cast: [], popularity: 2 },
        { title: 'Heat', year: 1995, genres: ['Crime', 'Drama', 'Action'], cast: [{ name: 'Al Pacino' }, { name: 'Robert De Niro' }], popularity: 40 },
      ];
      for (const film of films) await kit.createMovie({ ...film, synopsis: `About ${film.title}.` });
    });

    const titles = (body: { items: { title: string }[] }) => body.items.map((m) => m.title);

    it('when searching for an exact title, then that film comes first, before films that merely contain it', async () => {
      const res = await kit.call('GET', '/api/movies/search?q=inception');
      expect(res.status).toBe(200);
      expect(titles(res.body).slice(0, 2)).toEqual(['Inception', 'Inception: The Cobol Job']);
    });

    it('when typing the start of a title or making a small typo, then the film is still found', async () => {
      expect(titles((await kit.call('GET', '/api/movies/search?q=incep')).body)).toContain('Inception');
      expect(titles((await kit.call('GET', '/api/movies/search?q=Inceptoin')).body)).toContain('Inception');
      expect(titles((await kit.call('GET', '/api/movies/search?q=mad%20ma')).body)[0]).toBe('Mad Max: Fury Road');
    });

    it('when searching for a cast name or a genre, then the films with them are found', async () => {
      const hardy = titles((await kit.call('GET', '/api/movies/search?q=Tom%20Hardy')).body);
      expect(hardy).toEqual(expect.arrayContaining(['Inception', 'The Dark Knight Rises', 'Mad Max: Fury Road']));
      expect(hardy).not.toContain('Amélie');
      expect(titles((await kit.call('GET', '/api/movies/search?q=documentary')).body)).toEqual(['Dream Machines']);
    });

    it('when the text is only stop words, then titles starting with it are found, without a PostgreSQL NOTICE and without the typo fallback', async () => {
      const notices: string[] = [];
      const onNotice = (notice: { message?: string }) => notices.push(notice.message ?? '');
      const watched = new Set<pg.PoolClient>();
      const onAcquire = (client: pg.PoolClient) => {
        if (watched.has(client)) return;
        watched.add(client);
        client.on('notice', onNotice);
      };
      kit.pool.on('acquire', onAcquire);
      try {
        const the = await kit.call('GET', '/api/movies/search?q=The');
        expect(the.headers.get('x-cache')).toBe('MISS');
        expect(titles(the.body)).toContain('The Dark Knight Rises');
        // It merely contains "the": trigrams would match it, but the cheap step found films already.
        expect(titles(the.body)).not.toContain('Inception: The Cobol Job');
        for (const q of ['a the', 'of', '!!!']) expect((await kit.call('GET', `/api/movies/search?q=${encodeURIComponent(q)}`)).status).toBe(200);
      } finally {
        kit.pool.off('acquire', onAcquire);
        for (const client of watched) client.off('notice', onNotice);
      }
      expect(notices).toEqual([]);
    });

    it('when a search page is past the last one, then it is empty and still says how many films match', async () => {
      const first = await kit.call('GET', '/api/movies/search?q=hardy&limit=1');
      expect(first.body.total).toBeGreaterThanOrEqual(3);
      const past = await kit.call('GET', '/api/movies/search?q=hardy&limit=1&page=50');
      expect(past.status).toBe(200);
      expect(past.body).toMatchObject({ items: [], total: first.body.total, page: 50 });
    });

    it('when the search text is missing or blank, then 400; odd characters are just text', async () => {
      for (const path of ['/api/movies/search', '/api/movies/search?q=%20%20']) {
        const res = await kit.call('GET', path);
        expect(res.status).toBe(400);
        expect(fields(res.body)).toEqual(['query.q']);
      }
      for (const q of [`'; DROP TABLE movies;--`, 'a & | ! :* (', '%_\\', '!!!']) {
        expect((await kit.call('GET', `/api/movies/search?q=${encodeURIComponent(q)}`)).status).toBe(200);
      }
    });

    it('when listing with q, genre, year and sort, then the filters combine and the page says how many there are', async () => {
      const action = await kit.call('GET', '/api/movies?genre=action&sort=title&limit=2');
      expect(action.status).toBe(200);
      expect(action.body).toMatchObject({ page: 1, limit: 2, total: 5, total_pages: 3 });
      expect(titles(action.body)).toEqual(['Heat', 'Inception']);
      const page3 = await kit.call('GET', '/api/movies?genre=Action&sort=title&limit=2&page=3');
      expect(titles(page3.body)).toEqual(['The Dark Knight Rises']);
      expect(titles((await kit.call('GET', '/api/movies?year=2015')).body)).toEqual(['Mad Max: Fury Road']);
      expect(titles((await kit.call('GET', '/api/movies?q=hardy&genre=Crime')).body)).toEqual(['The Dark Knight Rises']);
      const byPopularity = titles((await kit.call('GET', '/api/movies?genre=Crime')).body);
      expect(byPopularity).toEqual(['The Dark Knight Rises', 'Heat']);
      const byDate = titles((await kit.call('GET', '/api/movies?genre=Crime&sort=release_date')).body);
      expect(byDate).toEqual(['The Dark Knight Rises', 'Heat']);
    });

    it('when list parameters are wrong, then 400 names them', async () => {
      const res = await kit.call('GET', '/api/movies?sort=stars&limit=500&page=0&genre=Polka&year=abc');
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['query.limit', 'query.page', 'query.sort', 'query.year']);
      const genre = await kit.call('GET', '/api/movies?genre=Polka');
      expect(genre.status).toBe(400);
      expect(fields(genre.body)).toEqual(['query.genre']);
    });
  });

  describe('cached answers', () => {
    it('when the same search is asked twice, then the second answer comes from Redis without a PostgreSQL query, and a film added afterwards is in the next answer', async () => {
      const word = `Quokka${randomUUID().slice(0, 6)}`;
      const first = await kit.createMovie({ title: `${word} Returns`, popularity: 5 });
      const path = `/api/movies/search?q=${word}&limit=5`;
      const missWatch = kit.watchQueries();
      const miss = await kit.call<Listed & { total: number }>('GET', path);
      missWatch.stop();
      expect(miss.status).toBe(200);
      expect(miss.headers.get('x-cache')).toBe('MISS');
      expect(ids(miss.body)).toEqual([first.id]);
      expect(requestQueries(missWatch.texts).some((t) => /FROM movies/.test(t))).toBe(true);

      // The key is the normalised text: other case and spacing is the same search.
      const hitWatch = kit.watchQueries();
      const hit = await kit.call('GET', `/api/movies/search?q=${encodeURIComponent(`  ${word.toUpperCase()} `)}&limit=5`);
      hitWatch.stop();
      expect(hit.headers.get('x-cache')).toBe('HIT');
      expect(hit.body).toEqual(miss.body);
      expect(requestQueries(hitWatch.texts)).toEqual([]);
      expect((await kit.call('GET', `/api/movies/search?q=${word}&limit=5&page=2`)).headers.get('x-cache')).toBe('MISS');

      const second = await kit.createMovie({ title: `${word} Forever`, popularity: 50 });
      const after = await kit.call<Listed & { total: number }>('GET', path);
      expect(after.headers.get('x-cache')).toBe('MISS');
      expect(ids(after.body).sort()).toEqual([first.id, second.id].sort());
      expect(after.body.total).toBe(2);
    });
  });

  describe('text no client should send', () => {
    it('when the search text holds NUL, lone surrogates or RTL overrides, then the answer is a 4xx or a page, never a 5xx', async () => {
      await kit.createMovie({ title: 'Anaconda Night' });
      // The HTTP kit refuses NUL and lone surrogates; the rest is just text.
      for (const q of ['a%00N', '%00', 'a%ED%A0%80b', encodeURIComponent('\u202Egnp.exe\u202C'), encodeURIComponent('\u2066anaconda\u2069')]) {
        const res = await kit.call('GET', `/api/movies/search?q=${q}`);
        expect([q, res.status < 500]).toEqual([q, true]);
        expect(res.headers.get('content-type')).toMatch(res.status >= 400 ? /problem\+json/ : /json/);
      }
      const rtl = await kit.call('GET', `/api/movies/search?q=${encodeURIComponent('\u2066anaconda\u2069')}`);
      expect(rtl.status).toBe(200);
      expect(rtl.body.items.map((m: { title: string }) => m.title)).toContain('Anaconda Night');
    });

    it('when the search reaches the catalogue without the HTTP layer, then NUL, lone surrogates and 100 kB still cannot reach PostgreSQL', async () => {
      const { search } = kit.service.api;
      await kit.createMovie({ title: 'Anaconda Dawn' });
      const page = { page: 1, limit: 20 };
      const found = await search.search('Anaconda\u0000 Dawn', page);
      expect(found.value.items.map((m) => m.title)).toContain('Anaconda Dawn');
      for (const q of ['a\u0000N', '\u0000', 'x\ud800', '\udc00\u0000', `${'y'.repeat(100_000)}\u0000`]) {
        await expect(search.search(q, page)).resolves.toMatchObject({ value: { page: 1 } });
        await expect(search.list({ q }, page)).resolves.toMatchObject({ page: 1 });
      }
    });
  });
});
