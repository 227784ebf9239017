import { randomUUID } from 'node:crypto';
import { EventObserver } from '@marquee/testing';
import { MoviesTestKit } from '../../test/movies-test-kit';

/** What the movies service published about one user's favourites: the outbox rows, oldest first. */
async function favouriteEventsOf(kit: MoviesTestKit, userId: string): Promise<Array<{ type: string; data: unknown }>> {
  const { rows } = await kit.pool.query<{ type: string; data: unknown }>(
    `SELECT routing_key AS type, payload->'data' AS data FROM outbox
     WHERE routing_key LIKE 'favourite.%' AND payload->'data'->>'user_id' = $1 ORDER BY created_at`,
    [userId],
  );
  return rows;
}

describe('movies service: favourite events', () => {
  const kit = new MoviesTestKit();
  // The kit watches movie.*; this one watches what favourites publish, on the kit's exchange.
  const favourites = new EventObserver({ prefix: kit.prefix, bindings: ['favourite.#'], name: 'favourites-observer' });
  beforeAll(async () => {
    await kit.start();
    await favourites.start();
  });
  afterAll(async () => {
    await kit.stop();
    await favourites.stop();
  });

  it('when I add a favourite three times and remove it twice, then favourite.added and favourite.removed are each published once', async () => {
    const me = kit.user();
    const movie = await kit.createMovie();
    const added = [];
    for (let i = 0; i < 3; i += 1) added.push((await kit.call('POST', '/api/movies/favourites', { token: me.token, body: { movie_id: movie.id } })).status);
    const removed = [];
    for (let i = 0; i < 2; i += 1) removed.push((await kit.call('DELETE', `/api/movies/favourites/${movie.id}`, { token: me.token })).status);
    expect([added, removed]).toEqual([[201, 200, 200], [204, 204]]);

    const pair = { user_id: me.userId, movie_id: movie.id };
    const onBus = [
      await favourites.waitFor('favourite.added', (d) => d.user_id === me.userId),
      await favourites.waitFor('favourite.removed', (d) => d.user_id === me.userId),
    ];
    expect(onBus.map((e) => [e.type, e.source, e.data])).toEqual([
      ['favourite.added', 'movies', pair],
      ['favourite.removed', 'movies', pair],
    ]);
    expect(await favouriteEventsOf(kit, me.userId)).toEqual([
      { type: 'favourite.added', data: pair },
      { type: 'favourite.removed', data: pair },
    ]);
  });

  it('when three requests add the same favourite at once, then it is announced once', async () => {
    const me = kit.user();
    const movie = await kit.createMovie();
    await Promise.all([1, 2, 3].map(() => kit.call('POST', '/api/movies/favourites', { token: me.token, body: { movie_id: movie.id } })));
    expect(await favouriteEventsOf(kit, me.userId)).toEqual([{ type: 'favourite.added', data: { user_id: me.userId, movie_id: movie.id } }]);
  });

  it('when I remove a movie that was never my favourite, then nothing is announced', async () => {
    const me = kit.user();
    const movie = await kit.createMovie();
    expect((await kit.call('DELETE', `/api/movies/favourites?movie_id=${movie.id}`, { token: me.token })).status).toBe(204);
    expect(await favouriteEventsOf(kit, me.userId)).toEqual([]);
  });

  it('when a request is refused (unknown movie, bad id, another user), then nothing is announced', async () => {
    const [me, other] = [kit.user(), kit.user()];
    const movie = await kit.createMovie();
    await kit.call('POST', '/api/movies/favourites', { token: other.token, body: { movie_id: movie.id } });
    const refused = [
      await kit.call('POST', '/api/movies/favourites', { token: me.token, body: { movie_id: randomUUID() } }),
      await kit.call('POST', '/api/movies/favourites', { token: me.token, body: { movie_id: 'nope' } }),
      await kit.call('POST', '/api/movies/favourites', { token: me.token, body: { movie_id: movie.id, user_id: other.userId } }),
      await kit.call('DELETE', `/api/movies/favourites/${movie.id}?user_id=${other.userId}`, { token: me.token }),
    ];
    expect(refused.map((r) => r.status)).toEqual([404, 400, 403, 403]);
    expect(await favouriteEventsOf(kit, me.userId)).toEqual([]);
    // The other user's favourite stands, announced once.
    expect((await favouriteEventsOf(kit, other.userId)).map((e) => e.type)).toEqual(['favourite.added']);
  });

  it('when the transaction fails after the favourite and its event were written, then neither is kept', async () => {
    const me = kit.user();
    const movie = await kit.createMovie();
    // The trending row is written after the event, in the same transaction: make it fail.
    const constraint = `fail_${movie.id.replaceAll('-', '')}`;
    await kit.pool.query(`ALTER TABLE movie_activity ADD CONSTRAINT ${constraint} CHECK (movie_id <> '${movie.id}') NOT VALID`);
    try {
      const res = await kit.call('POST', '/api/movies/favourites', { token: me.token, body: { movie_id: movie.id } });
      expect(res.status).toBe(500);
    } finally {
      await kit.pool.query(`ALTER TABLE movie_activity DROP CONSTRAINT ${constraint}`);
    }
    expect(await favouriteEventsOf(kit, me.userId)).toEqual([]);
    expect((await kit.pool.query('SELECT 1 FROM favourites WHERE user_id = $1', [me.userId])).rowCount).toBe(0);

    // Once it can succeed, the same request adds it and announces it.
    expect((await kit.call('POST', '/api/movies/favourites', { token: me.token, body: { movie_id: movie.id } })).status).toBe(201);
    expect((await favouriteEventsOf(kit, me.userId)).map((e) => e.type)).toEqual(['favourite.added']);
  });
});
