import { randomUUID } from 'node:crypto';
import { MoviesTestKit } from '../../test/movies-test-kit';

const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

describe('movies service: catalogue and details', () => {
  const kit = new MoviesTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  describe('admin changes', () => {
    it('when an admin adds a movie, then it answers 201 with the movie, publishes movie.created and serves it by id', async () => {
      const res = await kit.call('POST', '/api/movies', {
        token: kit.admin,
        body: {
          title: 'Inception',
          release_date: '2010-07-16',
          description: 'A thief who steals corporate secrets through dream-sharing.',
          runtime: 148,
          genres: ['action', 'Science Fiction'],
          cast: [
            { name: 'Tom Hardy', character: 'Eames', order: 3 },
            { name: 'Leonardo DiCaprio', character: 'Cobb', order: 0 },
          ],
          language: 'en',
          certification: 'PG-13',
          popularity: 80,
          tmdb_id: 27205,
        },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        title: 'Inception',
        is_series: false,
        year: 2010,
        synopsis: 'A thief who steals corporate secrets through dream-sharing.',
        description: 'A thief who steals corporate secrets through dream-sharing.',
        release_date: '2010-07-16',
        runtime: 148,
        genres: ['Action', 'Science Fiction'],
        cast: [
          { name: 'Leonardo DiCaprio', character: 'Cobb', order: 0 },
          { name: 'Tom Hardy', character: 'Eames', order: 3 },
        ],
        poster_url: null,
        backdrop_url: null,
        language: 'en',
        certification: 'PG-13',
        rating: 0,
        rating_count: 0,
        popularity: 80,
        tmdb_id: 27205,
        homepage: null,
        network_logo: null,
        seasons: [],
      });
      const event = await kit.event('movie.created', (d) => d.movie_id === res.body.id);
      expect(event.data).toMatchObject({ title: 'Inception', year: 2010, release_date: '2010-07-16', runtime: 148, genres: ['Action', 'Science Fiction'], tmdb_id: 27205, deleted: false });

      const got = await kit.call('GET', `/api/movies/${res.body.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ id: res.body.id, title: 'Inception', similar: [] });
      expect(got.body).not.toHaveProperty('is_favorite');
    });

    it('when required fields are missing or wrong, then 400 names each field', async () => {
      const res = await kit.call('POST', '/api/movies', { token: kit.admin, body: { year: 1700, runtime: -1, certification: 'X', cast: [{ character: 'nobody' }] } });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fields(res.body)).toEqual(expect.arrayContaining(['body.title', 'body.year', 'body.runtime', 'body.certification', 'body.cast.0.name']));

      const noText = await kit.call('POST', '/api/movies', { token: kit.admin, body: { title: 'Quiet', year: 2000 } });
      expect(noText.status).toBe(400);
      expect(fields(noText.body)).toEqual(['body.synopsis']);

      const twoTexts = await kit.call('POST', '/api/movies', { token: kit.admin, body: { title: 'Loud', year: 2000, synopsis: 'a', description: 'b' } });
      expect(twoTexts.status).toBe(400);
      expect(fields(twoTexts.body)).toEqual(['body.description']);
    });

    it('when a genre is unknown, then 400 names it and nothing is created', async () => {
      const before = (await kit.call('GET', '/api/movies?q=Polka%20Night')).body.total;
      const res = await kit.call('POST', '/api/movies', { token: kit.admin, body: { title: 'Polka Night', year: 2020, synopsis: 'Dancing.', genres: ['Drama', 'Polka'] } });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'body.genres', message: expect.stringContaining('Polka') }]);
      expect((await kit.call('GET', '/api/movies?q=Polka%20Night')).body.total).toBe(before);
    });

    it('when the caller has no token, then 401; when not an admin, then 403 on every admin route', async () => {
      const movie = await kit.createMovie();
      const user = kit.user();
      expect((await kit.call('POST', '/api/movies', { body: { title: 'x', year: 2000, synopsis: 'x' } })).status).toBe(401);
      const attempts: [string, string, unknown][] = [
        ['POST', '/api/movies', { title: 'x', year: 2000, synopsis: 'x' }],
        ['PUT', `/api/movies/${movie.id}`, { title: 'Hijacked' }],
        ['PATCH', `/api/movies/${movie.id}`, { title: 'Hijacked' }],
        ['DELETE', `/api/movies/${movie.id}`, undefined],
        ['POST', '/api/movies/import', { source: 'popular' }],
      ];
      for (const [method, path, body] of attempts) {
        const res = await kit.call(method, path, { token: user.token, body });
        expect([method, path, res.status]).toEqual([method, path, 403]);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      expect((await kit.call('GET', `/api/movies/${movie.id}`)).body.title).toBe(movie.title);
    });

    it('when an admin changes a movie with PUT or PATCH, then only the given fields change and movie.updated is published', async () => {
      const movie = await kit.createMovie({ runtime: 100, genres: ['Drama'] });
      const put = await kit.call('PUT', `/api/movies/${movie.id}`, { token: kit.admin, body: { description: 'New text.', release_date: '2004-05-06' } });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ title: movie.title, synopsis: 'New text.', description: 'New text.', release_date: '2004-05-06', year: 2004, runtime: 100 });
      const patch = await kit.call('PATCH', `/api/movies/${movie.id}`, { token: kit.admin, body: { genres: ['comedy'], runtime: null, poster_url: 'https://img.example/p.jpg' } });
      expect(patch.status).toBe(200);
      expect(patch.body).toMatchObject({ genres: ['Comedy'], runtime: null, poster_url: 'https://img.example/p.jpg', synopsis: 'New text.' });
      const event = await kit.event('movie.updated', (d) => d.movie_id === movie.id && d.genres.includes('Comedy'));
      expect(event.data).toMatchObject({ runtime: null, poster_url: 'https://img.example/p.jpg', deleted: false });

      expect((await kit.call('PATCH', `/api/movies/${randomUUID()}`, { token: kit.admin, body: { title: 'Ghost' } })).status).toBe(404);
      const bad = await kit.call('PATCH', `/api/movies/${movie.id}`, { token: kit.admin, body: { genres: ['Zarzuela'], language: 'English' } });
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['body.language']);
      const badGenre = await kit.call('PATCH', `/api/movies/${movie.id}`, { token: kit.admin, body: { genres: ['Zarzuela'] } });
      expect(fields(badGenre.body)).toEqual(['body.genres']);
    });

    it('when two movies claim one tmdb_id, then the second gets 409', async () => {
      await kit.createMovie({ tmdb_id: 424242 });
      const res = await kit.call('POST', '/api/movies', { token: kit.admin, body: { title: 'Copy', year: 2000, synopsis: 'x', tmdb_id: 424242 } });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('CONFLICT');
    });

    it('when an admin deletes a movie, then 204, movie.deleted, 404 on details, and it leaves every list and search', async () => {
      const title = `Vanishing ${randomUUID().slice(0, 6)}`;
      const movie = await kit.createMovie({ title, popularity: 999, genres: ['Mystery'] });
      expect((await kit.call('GET', `/api/movies/popular?limit=100`)).body.items.map((m: { id: string }) => m.id)).toContain(movie.id);

      expect((await kit.call('DELETE', `/api/movies/${movie.id}`, { token: kit.admin })).status).toBe(204);
      await kit.event('movie.deleted', (d) => d.movie_id === movie.id && d.deleted);

      expect((await kit.call('GET', `/api/movies/${movie.id}`)).status).toBe(404);
      expect((await kit.call('DELETE', `/api/movies/${movie.id}`, { token: kit.admin })).status).toBe(404);
      expect((await kit.call('PATCH', `/api/movies/${movie.id}`, { token: kit.admin, body: { title: 'Back' } })).status).toBe(404);
      for (const path of ['/api/movies?limit=100', `/api/movies/search?q=${encodeURIComponent(title)}`, '/api/movies/popular?limit=100', '/api/movies?genre=Mystery']) {
        const ids = (await kit.call('GET', path)).body.items.map((m: { id: string }) => m.id);
        expect([path, ids.includes(movie.id)]).toEqual([path, false]);
      }
    });

    it('when a path id is not a UUID, then 400; when unknown, then 404', async () => {
      const bad = await kit.call('GET', '/api/movies/not-a-uuid');
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['params.id']);
      const missing = await kit.call('GET', `/api/movies/${randomUUID()}`);
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('NOT_FOUND');
    });
  });

  describe('reading one entry', () => {
    let ids: Record<string, string>;
    beforeAll(async () => {
      const films = [
        { title: 'Inception: The Cobol Job', year: 2010, genres: ['Animation', 'Action'], cast: [{ name: 'Joseph Gordon-Levitt' }], popularity: 5 },
        { title: 'The Dark Knight Rises', year: 2012, genres: ['Action', 'Crime', 'Drama'], cast: [{ name: 'Christian Bale' }, { name: 'Tom Hardy' }], popularity: 60 },
        { title: 'Mad Max: Fury Road', year: 2015, genres: ['Action', 'Adventure', 'Science Fiction'], cast: [{ name: 'Tom Hardy' }, { name: 'Charlize Theron' }], popularity: 55 },
        { title: 'Amélie', year: 2001, genres: ['Comedy', 'Romance'], cast: [{ name: 'Audrey Tautou' }], popularity: 30 },
        { title: 'Dream Machines', year: 2019, genres: ['Documentary'], cast: [], popularity: 2 },
        { title: 'Heat', year: 1995, genres: ['Crime', 'Drama', 'Action'], cast: [{ name: 'Al Pacino' }, { name: 'Robert De Niro' }], popularity: 40 },
      ];
      ids = {};
      for (const film of films) ids[film.title] = (await kit.createMovie({ ...film, synopsis: `About ${film.title}.` })).id;
    });

    const titles = (body: { items: { title: string }[] }) => body.items.map((m) => m.title);

    it('when asking for genres, then every TMDb genre comes with its id', async () => {
      const res = await kit.call('GET', '/api/movies/genres');
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(18);
      expect(res.body.items).toEqual(expect.arrayContaining([{ id: 28, name: 'Action' }, { id: 878, name: 'Science Fiction' }, { id: 10751, name: 'Family' }]));
    });

    it('when opening a movie, then similar ones share its genres or cast, best first, never itself or a deleted one', async () => {
      const gone = await kit.createMovie({ title: 'Deleted Twin', genres: ['Action', 'Adventure', 'Science Fiction'], cast: [{ name: 'Tom Hardy' }] });
      await kit.call('DELETE', `/api/movies/${gone.id}`, { token: kit.admin });
      const res = await kit.call('GET', `/api/movies/${ids['Mad Max: Fury Road']}`);
      expect(res.status).toBe(200);
      const similar = titles({ items: res.body.similar });
      expect(similar.length).toBeLessThanOrEqual(8);
      expect(similar[0]).toBe('Inception'); // Action + Science Fiction + Tom Hardy
      expect(similar).toContain('The Dark Knight Rises');
      expect(similar).not.toContain('Mad Max: Fury Road');
      expect(similar).not.toContain('Deleted Twin');
      expect(similar).not.toContain('Amélie');
    });
  });

  it('when a client asks for the OpenAPI document, then every movies path is described', async () => {
    const res = await kit.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/movies',
        '/api/movies/search',
        '/api/movies/popular',
        '/api/movies/trending',
        '/api/movies/coming-soon',
        '/api/movies/genres',
        '/api/movies/recommendations',
        '/api/movies/favourites',
        '/api/movies/favourites/{movie_id}',
        '/api/movies/history',
        '/api/movies/import',
        '/api/movies/{id}',
      ]),
    );
    expect(Object.keys(res.body.paths['/api/movies/{id}'])).toEqual(expect.arrayContaining(['get', 'put', 'patch', 'delete']));
    expect(res.body.components.schemas.Movie.properties).toHaveProperty('description');
  });
});
