import { randomUUID } from 'node:crypto';
import { ReviewsTestKit } from '../../test/reviews-test-kit';

const zero = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };

describe('reviews service: stats and concurrent writers', () => {
  const kit = new ReviewsTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  /** The stats recomputed from the reviews themselves, to hold the summary row to account. */
  async function recomputed(movieId: string) {
    const { rows } = await kit.handle.platform.pool.query<{ rating: number; n: number }>(
      'SELECT rating, count(*)::int AS n FROM reviews WHERE movie_id = $1 GROUP BY rating',
      [movieId],
    );
    const distribution: Record<string, number> = { ...zero };
    let count = 0;
    let sum = 0;
    for (const row of rows) {
      distribution[String(row.rating)] = row.n;
      count += row.n;
      sum += row.rating * row.n;
    }
    return { movie_id: movieId, count, average: count === 0 ? 0 : Math.round((sum / count) * 100) / 100, distribution };
  }

  async function stats(movieId: string) {
    const res = await kit.call('GET', `/api/reviews/stats/${movieId}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  it('when a known movie has no reviews, then its stats are all zero with average 0', async () => {
    const movieId = await kit.knownMovie();
    expect(await stats(movieId)).toEqual({ movie_id: movieId, count: 0, average: 0, distribution: zero });
  });

  it('when the movie is unknown, then 404 NOT_FOUND; a bad id, 400', async () => {
    const res = await kit.call('GET', `/api/reviews/stats/${randomUUID()}`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
    expect((await kit.call('GET', '/api/reviews/stats/not-a-movie')).status).toBe(400);
  });

  it('when reviews are created, updated and deleted, then count, average and distribution follow every step', async () => {
    const movieId = await kit.knownMovie();
    const [a, b, c] = [kit.user(), kit.user(), kit.user()];
    const ra = await kit.review(a.token, movieId, 5);
    await kit.review(b.token, movieId, 4);
    const rc = await kit.review(c.token, movieId, 4);
    expect(await stats(movieId)).toEqual({ movie_id: movieId, count: 3, average: 4.33, distribution: { ...zero, '4': 2, '5': 1 } });

    expect((await kit.call('PUT', `/api/reviews/${ra.id}`, { token: a.token, body: { rating: 1 } })).status).toBe(200);
    expect(await stats(movieId)).toEqual({ movie_id: movieId, count: 3, average: 3, distribution: { ...zero, '1': 1, '4': 2 } });

    expect((await kit.call('PUT', `/api/reviews/${ra.id}`, { token: a.token, body: { comment: 'Only words' } })).status).toBe(200);
    expect((await stats(movieId)).distribution).toEqual({ ...zero, '1': 1, '4': 2 });

    expect((await kit.call('DELETE', `/api/reviews/${rc.id}`, { token: c.token })).status).toBe(204);
    expect(await stats(movieId)).toEqual({ movie_id: movieId, count: 2, average: 2.5, distribution: { ...zero, '1': 1, '4': 1 } });

    expect((await kit.call('DELETE', `/api/reviews/${ra.id}`, { token: kit.user('admin').token })).status).toBe(204);
    await kit.review(c.token, movieId, 2);
    expect(await stats(movieId)).toEqual({ movie_id: movieId, count: 2, average: 3, distribution: { ...zero, '2': 1, '4': 1 } });
    expect(await stats(movieId)).toEqual(await recomputed(movieId));
  });

  it('when a refused change fails (409, 403), then the stats do not move', async () => {
    const movieId = await kit.knownMovie();
    const me = kit.user();
    const mine = await kit.review(me.token, movieId, 3);
    const before = await stats(movieId);
    expect((await kit.call('POST', '/api/reviews', { token: me.token, body: { movie_id: movieId, rating: 5, comment: 'again' } })).status).toBe(409);
    expect((await kit.call('PUT', `/api/reviews/${mine.id}`, { token: kit.user().token, body: { rating: 5 } })).status).toBe(403);
    expect((await kit.call('DELETE', `/api/reviews/${mine.id}`, { token: kit.user().token })).status).toBe(403);
    expect(await stats(movieId)).toEqual(before);
  });

  it('when one user posts two reviews of one movie at the same moment, then exactly one 201 and one 409 ALREADY_REVIEWED, every time', async () => {
    for (let round = 0; round < 5; round += 1) {
      const movieId = await kit.knownMovie();
      const me = kit.user();
      const post = (rating: number) => kit.call('POST', '/api/reviews', { token: me.token, body: { movie_id: movieId, rating, comment: `Take ${rating}` } });

      const answers = await Promise.all([post(2), post(5)]);

      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      const conflict = answers.find((a) => a.status === 409);
      expect(conflict?.body.code).toBe('ALREADY_REVIEWED');
      const winner = answers.find((a) => a.status === 201)?.body;
      const listed = await kit.call('GET', `/api/reviews/movie/${movieId}`);
      expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([winner.id]);
      expect(await stats(movieId)).toEqual({ movie_id: movieId, count: 1, average: winner.rating, distribution: { ...zero, [String(winner.rating)]: 1 } });
      // only the winner was announced
      await kit.event('review.created', (d) => d.review_id === winner.id);
      const outbox = await kit.handle.platform.pool.query(
        `SELECT count(*)::int AS n FROM outbox WHERE routing_key = 'review.created' AND payload->'data'->>'movie_id' = $1`,
        [movieId],
      );
      expect(outbox.rows[0].n).toBe(1);
    }
  });

  it('when many users review, change and delete reviews of one movie at once, then the summary row matches the reviews exactly', async () => {
    const movieId = await kit.knownMovie();
    const users = Array.from({ length: 12 }, () => kit.user());
    const created = await Promise.all(users.map((u, i) => kit.review(u.token, movieId, (i % 5) + 1)));
    expect(await stats(movieId)).toEqual(await recomputed(movieId));
    expect((await stats(movieId)).count).toBe(12);

    await Promise.all(
      created.map((review, i) => {
        const token = users[i]?.token as string;
        if (i % 3 === 0) return kit.call('DELETE', `/api/reviews/${review.id}`, { token });
        return kit.call('PUT', `/api/reviews/${review.id}`, { token, body: { rating: 5 - (i % 5) } });
      }),
    );

    const after = await stats(movieId);
    expect(after).toEqual(await recomputed(movieId));
    expect(after.count).toBe(8);
  });
});
