import { randomUUID } from 'node:crypto';
import { shiftDate } from '../seed/demo-seed';
import { MoviesTestKit } from '../../test/movies-test-kit';

type Listed = { items: { id: string; title: string }[] };
const ids = (body: Listed) => body.items.map((m) => m.id);
/** Queries that are about the request, not the outbox relay's polling. */
const requestQueries = (texts: string[]) => texts.filter((t) => !/outbox/i.test(t) && !/^\s*(BEGIN|COMMIT|ROLLBACK)/i.test(t));

describe('movies service: cached lists', () => {
  const kit = new MoviesTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when the same popular page is asked twice, then the second answer comes from Redis without a single PostgreSQL query', async () => {
    await kit.createMovie({ popularity: 50 });
    const missWatch = kit.watchQueries();
    const first = await kit.call('GET', '/api/movies/popular?limit=7');
    missWatch.stop();
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('MISS');
    expect(requestQueries(missWatch.texts).some((t) => /FROM movies/.test(t))).toBe(true);

    const hitWatch = kit.watchQueries();
    const second = await kit.call('GET', '/api/movies/popular?limit=7');
    hitWatch.stop();
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(second.body).toEqual(first.body);
    expect(requestQueries(hitWatch.texts)).toEqual([]);
  });

  it('when the catalogue changes, then the very next list request shows the change', async () => {
    const warm = async () => {
      await kit.call('GET', '/api/movies/popular?limit=50');
      const again = await kit.call<Listed>('GET', '/api/movies/popular?limit=50');
      expect(again.headers.get('x-cache')).toBe('HIT');
      return again.body;
    };
    await warm();
    const star = await kit.createMovie({ title: `Blockbuster ${randomUUID().slice(0, 6)}`, popularity: 100_000 });
    const afterCreate = await kit.call<Listed>('GET', '/api/movies/popular?limit=50');
    expect(afterCreate.headers.get('x-cache')).toBe('MISS');
    expect(afterCreate.body.items[0]?.id).toBe(star.id);

    await warm();
    await kit.call('PATCH', `/api/movies/${star.id}`, { token: kit.admin, body: { title: 'Renamed Blockbuster' } });
    expect((await kit.call<Listed>('GET', '/api/movies/popular?limit=50')).body.items[0]?.title).toBe('Renamed Blockbuster');

    await warm();
    await kit.call('DELETE', `/api/movies/${star.id}`, { token: kit.admin });
    expect(ids((await kit.call<Listed>('GET', '/api/movies/popular?limit=50')).body)).not.toContain(star.id);
  });

  it('when films are coming out after today, then coming-soon lists only them, soonest first; popular lists only released films', async () => {
    const today = new Date();
    const later = await kit.createMovie({ title: 'Later', release_date: shiftDate(today, 30), popularity: 500_000 });
    const sooner = await kit.createMovie({ title: 'Sooner', release_date: shiftDate(today, 3) });
    const out = await kit.createMovie({ title: 'Out Today', release_date: shiftDate(today, 0) });
    const res = await kit.call<Listed & { total: number }>('GET', '/api/movies/coming-soon');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-cache')).toBe('MISS');
    expect(ids(res.body)).toEqual([sooner.id, later.id]);
    expect(res.body.total).toBe(2);
    const popular = ids((await kit.call<Listed>('GET', '/api/movies/popular?limit=100')).body);
    expect(popular).toContain(out.id);
    expect(popular).not.toContain(later.id);
  });

  it('when films get views, favourites and reviews, then trending ranks them by weighted activity that fades with age', async () => {
    const [viewed, favourited, reviewed, faded, idle] = await Promise.all(
      ['Viewed', 'Favourited', 'Reviewed', 'Faded', 'Idle'].map((title) => kit.createMovie({ title: `${title} ${randomUUID().slice(0, 4)}` })),
    );
    const fan = kit.user();
    await kit.call('GET', `/api/movies/${viewed.id}`, { token: fan.token });
    await kit.call('POST', '/api/movies/favourites', { token: fan.token, body: { movie_id: favourited.id } });
    await kit.deliver('review.created', { review_id: randomUUID(), movie_id: reviewed.id, user_id: fan.userId, rating: 4 });
    // Two favourites six days ago weigh 2 × 3 × 0.5^3 = 0.75 now; one from ten days ago not at all.
    await kit.pool.query(
      `INSERT INTO movie_activity (movie_id, kind, occurred_at) VALUES ($1, 'favourite', now() - interval '6 days'), ($1, 'favourite', now() - interval '6 days'),
       ($2, 'favourite', now() - interval '10 days')`,
      [faded.id, idle.id],
    );
    const res = await kit.call<Listed & { total: number }>('GET', '/api/movies/trending');
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([favourited.id, reviewed.id, viewed.id, faded.id]);
    expect(res.body.total).toBe(4);
    expect((await kit.call('GET', '/api/movies/trending')).headers.get('x-cache')).toBe('HIT');
  });

  it('when one user favourites and unfavourites a film twenty times, then it counts as one favourite and two fans outrank it', async () => {
    const [spammed, liked] = await Promise.all(['Spammed', 'Liked'].map((title) => kit.createMovie({ title: `${title} ${randomUUID().slice(0, 4)}` })));
    const spammer = kit.user();
    for (let i = 0; i < 20; i++) {
      expect((await kit.call('POST', '/api/movies/favourites', { token: spammer.token, body: { movie_id: spammed.id } })).status).toBe(201);
      expect((await kit.call('DELETE', `/api/movies/favourites/${spammed.id}`, { token: spammer.token })).status).toBe(204);
      await kit.call('GET', `/api/movies/${spammed.id}`, { token: spammer.token });
    }
    for (const fan of [kit.user(), kit.user()]) await kit.call('POST', '/api/movies/favourites', { token: fan.token, body: { movie_id: liked.id } });
    await kit.createMovie({ title: 'Unrelated', popularity: 0 }); // drops the cached pages

    const order = ids((await kit.call<Listed>('GET', '/api/movies/trending?limit=100')).body);
    expect(order.indexOf(liked.id)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(liked.id)).toBeLessThan(order.indexOf(spammed.id));
    // The data stays bounded too: one row per user, film and kind of activity.
    const rows = await kit.pool.query('SELECT kind, count(*)::int AS n FROM movie_activity WHERE movie_id = $1 GROUP BY kind ORDER BY kind', [spammed.id]);
    expect(rows.rows).toEqual([
      { kind: 'favourite', n: 1 },
      { kind: 'view', n: 1 },
    ]);
  });

  it('when a less popular film has much more recent activity, then popular puts it above a slightly more popular idle one', async () => {
    const idle = await kit.createMovie({ title: 'Idle Classic', popularity: 20 });
    const buzzing = await kit.createMovie({ title: 'Buzzing Indie', popularity: 10 });
    for (let i = 0; i < 3; i++) await kit.call('POST', '/api/movies/favourites', { token: kit.user().token, body: { movie_id: buzzing.id } });
    await kit.createMovie({ title: 'Unrelated', popularity: 0 }); // any catalogue change drops the cached pages
    const order = ids((await kit.call<Listed>('GET', '/api/movies/popular?limit=100')).body);
    expect(order.indexOf(buzzing.id)).toBeLessThan(order.indexOf(idle.id));
  });

  it('when list paging is wrong, then 400', async () => {
    const res = await kit.call('GET', '/api/movies/trending?limit=0');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'query.limit', message: expect.any(String) }]);
  });

  it('when caching is turned off, then every list and search answer is read from PostgreSQL (X-Cache: MISS)', async () => {
    const uncached = await kit.startInstance({ MOVIES_CACHE_ENABLED: 'false' });
    for (const path of ['/api/movies/popular', '/api/movies/popular', '/api/movies/search?q=idle', '/api/movies/search?q=idle']) {
      const watch = kit.watchQueries(uncached.platform.pool);
      const res = await kit.call('GET', path, { base: uncached.url });
      watch.stop();
      expect([path, res.headers.get('x-cache')]).toEqual([path, 'MISS']);
      expect(requestQueries(watch.texts).some((t) => /FROM movies/.test(t))).toBe(true);
    }
  });
});
