import { randomUUID } from 'node:crypto';
import { AnalyticsTestKit, shuffled, step, type Step } from '../../test/analytics-test-kit';

describe('analytics service: favourites and views', () => {
  const kit = new AnalyticsTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  const metrics = (movieId: string) => kit.get(`/api/analytics/movies/${movieId}/metrics`);
  const behavior = (userId: string) => kit.get(`/api/analytics/users/${userId}/behavior`);
  const viewed = (userId: string, movieId: string, at: string) => step('movie.viewed', { user_id: userId, movie_id: movieId, viewed_at: at }, at);
  const added = (userId: string, movieId: string, at: string) => step('favourite.added', { user_id: userId, movie_id: movieId }, at);
  const removed = (userId: string, movieId: string, at: string) => step('favourite.removed', { user_id: userId, movie_id: movieId }, at);

  it('when the movies service publishes views and favourites on the bus, then the movie and its users count them', async () => {
    const movie = randomUUID();
    const [ada, bob] = [randomUUID(), randomUUID()];
    await kit.deliverAll([
      viewed(ada, movie, '2026-06-01T10:00:00.000Z'),
      viewed(ada, movie, '2026-06-01T11:00:00.000Z'),
      viewed(bob, movie, '2026-06-02T10:00:00.000Z'),
      added(ada, movie, '2026-06-01T10:01:00.000Z'),
      added(bob, movie, '2026-06-02T10:01:00.000Z'),
      removed(bob, movie, '2026-06-03T10:01:00.000Z'),
    ]);

    // No other event named the movie: its views and favourites make it known.
    expect(await metrics(movie)).toMatchObject({ movie_id: movie, title: null, views: 3, favourites: 1, tickets: 0, reviews: 0 });
    expect(await behavior(ada)).toMatchObject({ favourites: 1, purchases: 0 });
    expect(await behavior(bob)).toMatchObject({ favourites: 0 });
  });

  it('when the events of one favourite arrive in any order, or twice, then it ends counted as its last change says', async () => {
    const user = randomUUID();
    const history = (movie: string) => [
      added(user, movie, '2026-06-10T10:00:00.000Z'),
      removed(user, movie, '2026-06-11T10:00:00.000Z'),
      added(user, movie, '2026-06-12T10:00:00.000Z'),
    ];
    const movies: string[] = [];
    for (const seed of [1, 2, 3, 5, 8, 13]) {
      const movie = randomUUID();
      movies.push(movie);
      const steps = shuffled(history(movie), seed);
      // Each event also again under its own id (a redelivery), which changes nothing.
      await kit.record(steps);
      for (const s of steps) expect((await kit.post(s)).status).toBe(200);
    }
    for (const movie of movies) expect({ movie, favourites: (await metrics(movie)).favourites }).toEqual({ movie, favourites: 1 });
    expect(await behavior(user)).toMatchObject({ favourites: movies.length });
  });

  it('when a removal arrives before its addition, then the counts never go below 0, and end at 0', async () => {
    const movie = randomUUID();
    const [ada, bob] = [randomUUID(), randomUUID()];
    await kit.record([added(bob, movie, '2026-06-20T09:00:00.000Z'), removed(ada, movie, '2026-06-20T11:00:00.000Z')]);
    expect(await metrics(movie)).toMatchObject({ favourites: 1 });
    expect(await behavior(ada)).toMatchObject({ favourites: 0 });

    await kit.record([added(ada, movie, '2026-06-20T10:00:00.000Z')]);
    expect(await metrics(movie)).toMatchObject({ favourites: 1 });
    expect(await behavior(ada)).toMatchObject({ favourites: 0 });
  });

  it('when many views and favourites of one movie arrive at once, then each counts once', async () => {
    const movie = randomUUID();
    const users = Array.from({ length: 10 }, () => randomUUID());
    const steps: Step[] = [
      ...users.map((u, i) => viewed(u, movie, `2026-06-25T10:00:0${i}.000Z`)),
      ...users.map((u, i) => viewed(u, movie, `2026-06-25T11:00:0${i}.000Z`)),
      ...users.map((u, i) => added(u, movie, `2026-06-25T10:00:0${i}.000Z`)),
    ];
    const answers = await Promise.all(steps.map((s) => kit.post(s)));
    expect(answers.map((a) => a.status)).toEqual(steps.map(() => 201));
    expect(await metrics(movie)).toMatchObject({ views: 20, favourites: 10 });
    for (const u of users) expect((await behavior(u)).favourites).toBe(1);
  });
});
