import { randomUUID } from 'node:crypto';
import { MoviesTestKit } from '../../test/movies-test-kit';

/** The movie.viewed events the movies service wrote for one user (its outbox), oldest first. */
async function viewsAnnounced(kit: MoviesTestKit, userId: string): Promise<Array<{ user_id: string; movie_id: string; viewed_at: string }>> {
  const { rows } = await kit.pool.query<{ data: { user_id: string; movie_id: string; viewed_at: string } }>(
    `SELECT payload->'data' AS data FROM outbox WHERE routing_key = 'movie.viewed' AND payload->'data'->>'user_id' = $1 ORDER BY created_at`,
    [userId],
  );
  return rows.map((r) => r.data);
}

describe('movies service: view events', () => {
  const kit = new MoviesTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when I open a movie signed in, then movie.viewed is published with the time my history shows; each visit once', async () => {
    const me = kit.user();
    const movie = await kit.createMovie();
    expect((await kit.call('GET', `/api/movies/${movie.id}`, { token: me.token })).status).toBe(200);

    const event = await kit.event('movie.viewed', (d) => d.user_id === me.userId);
    const history = await kit.call('GET', '/api/movies/history', { token: me.token });
    expect(event).toMatchObject({ source: 'movies', data: { user_id: me.userId, movie_id: movie.id, viewed_at: history.body.items[0].viewed_at } });

    await kit.call('GET', `/api/movies/${movie.id}`, { token: me.token });
    const views = await viewsAnnounced(kit, me.userId);
    expect(views.map((v) => v.movie_id)).toEqual([movie.id, movie.id]);
    expect(Date.parse(views[1]?.viewed_at ?? '')).toBeGreaterThanOrEqual(Date.parse(views[0]?.viewed_at ?? ''));
    expect((await kit.call('GET', '/api/movies/history', { token: me.token })).body.items[0].view_count).toBe(2);
  });

  it('when a movie is opened anonymously, or is unknown or deleted, then no view is announced', async () => {
    const me = kit.user();
    const gone = await kit.createMovie();
    await kit.call('DELETE', `/api/movies/${gone.id}`, { token: kit.admin });
    const open = await kit.createMovie();
    const before = (await kit.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE routing_key = 'movie.viewed'`)).rows[0]?.n;

    expect((await kit.call('GET', `/api/movies/${open.id}`)).status).toBe(200);
    expect((await kit.call('GET', `/api/movies/${randomUUID()}`, { token: me.token })).status).toBe(404);
    expect((await kit.call('GET', `/api/movies/${gone.id}`, { token: me.token })).status).toBe(404);

    expect(await viewsAnnounced(kit, me.userId)).toEqual([]);
    const after = (await kit.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE routing_key = 'movie.viewed'`)).rows[0]?.n;
    expect(after).toBe(before);
  });

  it('when the visit fails after its view and event were written, then neither is kept', async () => {
    const me = kit.user();
    const movie = await kit.createMovie();
    // The trending row is written after the view and its event, in the same transaction: make it fail.
    const constraint = `fail_${movie.id.replaceAll('-', '')}`;
    await kit.pool.query(`ALTER TABLE movie_activity ADD CONSTRAINT ${constraint} CHECK (movie_id <> '${movie.id}') NOT VALID`);
    try {
      expect((await kit.call('GET', `/api/movies/${movie.id}`, { token: me.token })).status).toBe(500);
    } finally {
      await kit.pool.query(`ALTER TABLE movie_activity DROP CONSTRAINT ${constraint}`);
    }
    expect(await viewsAnnounced(kit, me.userId)).toEqual([]);
    expect((await kit.call('GET', '/api/movies/history', { token: me.token })).body.total).toBe(0);
  });
});
