import { MoviesTestKit } from '../../test/movies-test-kit';

type Listed = { items: { id: string; is_favorite?: boolean }[]; total: number };
const ids = (body: Listed) => body.items.map((m) => m.id);

describe('movies service: history', () => {
  const kit = new MoviesTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when I open movies, then my history lists each once, most recently viewed first, with how often', async () => {
    const me = kit.user();
    const [a, b, c] = [await kit.createMovie(), await kit.createMovie(), await kit.createMovie()];
    for (const movie of [a, b, a, c, b]) expect((await kit.call('GET', `/api/movies/${movie.id}`, { token: me.token })).status).toBe(200);
    await kit.call('GET', `/api/movies/${c.id}`); // anonymous: not recorded anywhere
    const res = await kit.call('GET', '/api/movies/history', { token: me.token });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(res.body.items.map((m: { id: string; view_count: number }) => [m.id, m.view_count])).toEqual([
      [b.id, 2],
      [c.id, 1],
      [a.id, 2],
    ]);
    const times = res.body.items.map((m: { viewed_at: string }) => Date.parse(m.viewed_at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    const page2 = await kit.call('GET', '/api/movies/history?limit=2&page=2', { token: me.token });
    expect(page2.body).toMatchObject({ total: 3, total_pages: 2, items: [expect.objectContaining({ id: a.id })] });
    expect((await kit.call('GET', '/api/movies/history', { token: kit.user().token })).body.total).toBe(0);
  });

  it('when a movie I viewed or favourited is deleted, then it leaves my history and favourites', async () => {
    const me = kit.user();
    const movie = await kit.createMovie();
    await kit.call('GET', `/api/movies/${movie.id}`, { token: me.token });
    await kit.call('POST', '/api/movies/favourites', { token: me.token, body: { movie_id: movie.id } });
    await kit.call('DELETE', `/api/movies/${movie.id}`, { token: kit.admin });
    expect(ids((await kit.call<Listed>('GET', '/api/movies/history', { token: me.token })).body)).not.toContain(movie.id);
    expect(ids((await kit.call<Listed>('GET', '/api/movies/favourites', { token: me.token })).body)).not.toContain(movie.id);
  });
});
