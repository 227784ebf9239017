import { randomUUID } from 'node:crypto';
import { MoviesTestKit } from '../../test/movies-test-kit';

type Listed = { items: { id: string; is_favorite?: boolean }[]; total: number };
const ids = (body: Listed) => body.items.map((m) => m.id);

describe('movies service: favourites', () => {
  const kit = new MoviesTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  describe('favourites', () => {
    it('when I favourite a movie twice, then 201 then 200, and it is listed once', async () => {
      const me = kit.user();
      const movie = await kit.createMovie();
      const first = await kit.call('POST', '/api/movies/favourites', { token: me.token, body: { movie_id: movie.id } });
      expect(first.status).toBe(201);
      expect(first.body).toEqual({ movie_id: movie.id, created_at: expect.any(String) });
      const again = await kit.call('POST', '/api/movies/favourites', { token: me.token, body: { movie_id: movie.id } });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const list = await kit.call('GET', '/api/movies/favourites', { token: me.token });
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ total: 1, page: 1, limit: 20, total_pages: 1 });
      expect(list.body.items).toEqual([expect.objectContaining({ id: movie.id, title: movie.title, is_favorite: true, favourited_at: first.body.created_at })]);
      const rows = await kit.pool.query('SELECT count(*)::int AS n FROM favourites WHERE user_id = $1', [me.userId]);
      expect(rows.rows[0].n).toBe(1);
    });

    it('when two requests favourite the same movie at once, then one creates it and the other finds it', async () => {
      const me = kit.user();
      const movie = await kit.createMovie();
      const answers = await Promise.all([1, 2, 3].map(() => kit.call('POST', '/api/movies/favourites', { token: me.token, body: { movie_id: movie.id } })));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    });

    it('when the movie is unknown or deleted, then 404; a bad id 400; no token 401', async () => {
      const me = kit.user();
      const gone = await kit.createMovie();
      await kit.call('DELETE', `/api/movies/${gone.id}`, { token: kit.admin });
      for (const movieId of [randomUUID(), gone.id]) {
        const res = await kit.call('POST', '/api/movies/favourites', { token: me.token, body: { movie_id: movieId } });
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('NOT_FOUND');
      }
      const bad = await kit.call('POST', '/api/movies/favourites', { token: me.token, body: { movie_id: 'nope' } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ field: 'body.movie_id', message: 'must be a UUID' }]);
      for (const [method, path] of [
        ['POST', '/api/movies/favourites'],
        ['GET', '/api/movies/favourites'],
        ['DELETE', `/api/movies/favourites/${gone.id}`],
        ['DELETE', `/api/movies/favourites?movie_id=${gone.id}`],
        ['GET', '/api/movies/history'],
        ['GET', '/api/movies/recommendations'],
      ] as const) {
        expect([method, path, (await kit.call(method, path, { body: method === 'POST' ? { movie_id: gone.id } : undefined })).status]).toEqual([method, path, 401]);
      }
    });

    it('when I remove a favourite by path or by query, then 204 each time, and it leaves my list', async () => {
      const me = kit.user();
      const [a, b] = [await kit.createMovie(), await kit.createMovie()];
      for (const movie of [a, b]) await kit.call('POST', '/api/movies/favourites', { token: me.token, body: { movie_id: movie.id } });
      expect((await kit.call('DELETE', `/api/movies/favourites/${a.id}`, { token: me.token })).status).toBe(204);
      expect((await kit.call('DELETE', `/api/movies/favourites?movie_id=${b.id}`, { token: me.token })).status).toBe(204);
      expect((await kit.call('DELETE', `/api/movies/favourites/${a.id}`, { token: me.token })).status).toBe(204);
      expect((await kit.call<Listed>('GET', '/api/movies/favourites', { token: me.token })).body.total).toBe(0);
      expect((await kit.call('DELETE', '/api/movies/favourites', { token: me.token })).status).toBe(400);
    });

    it('when a request names another user_id and I am not an admin, then 403 and nothing changes for either of us', async () => {
      const [me, other] = [kit.user(), kit.user()];
      const movie = await kit.createMovie();
      const mine = await kit.call('POST', '/api/movies/favourites', { token: me.token, body: { movie_id: movie.id, user_id: me.userId } });
      expect(mine.status).toBe(201);
      await kit.call('POST', '/api/movies/favourites', { token: other.token, body: { movie_id: movie.id } });

      const attempts: [string, string, unknown][] = [
        ['POST', '/api/movies/favourites', { movie_id: movie.id, user_id: other.userId }],
        ['GET', `/api/movies/favourites?user_id=${other.userId}`, undefined],
        ['DELETE', `/api/movies/favourites/${movie.id}?user_id=${other.userId}`, undefined],
        ['DELETE', `/api/movies/favourites?movie_id=${movie.id}&user_id=${other.userId}`, undefined],
        ['GET', `/api/movies/history?user_id=${other.userId}`, undefined],
        ['GET', `/api/movies/recommendations?user_id=${other.userId}`, undefined],
      ];
      for (const [method, path, body] of attempts) {
        const res = await kit.call(method, path, { token: me.token, body });
        expect([method, path, res.status, res.body.code]).toEqual([method, path, 403, 'FORBIDDEN']);
      }
      const favourites = await kit.pool.query('SELECT user_id FROM favourites WHERE movie_id = $1 ORDER BY user_id', [movie.id]);
      expect(favourites.rows.map((r) => r.user_id)).toEqual([me.userId, other.userId].sort());
      const bad = await kit.call('POST', '/api/movies/favourites', { token: me.token, body: { movie_id: movie.id, user_id: 'someone' } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ field: 'body.user_id', message: 'must be a UUID' }]);
    });

    it('when an admin names a user_id, then the admin acts on that user\'s favourites', async () => {
      const fan = kit.user();
      const movie = await kit.createMovie();
      const added = await kit.call('POST', '/api/movies/favourites', { token: kit.admin, body: { movie_id: movie.id, user_id: fan.userId } });
      expect(added.status).toBe(201);
      const theirs = await kit.call<Listed>('GET', `/api/movies/favourites?user_id=${fan.userId}`, { token: kit.admin });
      expect(ids(theirs.body)).toEqual([movie.id]);
      expect(ids((await kit.call<Listed>('GET', '/api/movies/favourites', { token: fan.token })).body)).toEqual([movie.id]);
      expect((await kit.call('DELETE', `/api/movies/favourites/${movie.id}?user_id=${fan.userId}`, { token: kit.admin })).status).toBe(204);
      expect((await kit.call<Listed>('GET', '/api/movies/favourites', { token: fan.token })).body.total).toBe(0);
    });

    it('when I am signed in, then movies say whether they are my favourites; anonymous answers do not say', async () => {
      const me = kit.user();
      const liked = await kit.createMovie({ popularity: 300_000 });
      const other = await kit.createMovie({ popularity: 299_999 });
      await kit.call('POST', '/api/movies/favourites', { token: me.token, body: { movie_id: liked.id } });
      const mine = await kit.call('GET', `/api/movies/${liked.id}`, { token: me.token });
      expect(mine.body.is_favorite).toBe(true);
      expect((await kit.call('GET', `/api/movies/${other.id}`, { token: me.token })).body.is_favorite).toBe(false);
      const popular = await kit.call<Listed>('GET', '/api/movies/popular?limit=2', { token: me.token });
      expect(popular.body.items.map((m) => [m.id, m.is_favorite])).toEqual([
        [liked.id, true],
        [other.id, false],
      ]);
      const anonymous = await kit.call<Listed>('GET', '/api/movies/popular?limit=2');
      expect(anonymous.body.items[0]).not.toHaveProperty('is_favorite');
      expect((await kit.call('GET', `/api/movies/${liked.id}`)).body).not.toHaveProperty('is_favorite');
    });
  });
});
