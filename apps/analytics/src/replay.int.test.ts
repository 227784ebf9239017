import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  AnalyticsTestKit,
  catalogueSamples,
  fullRefund,
  movieCreated,
  paymentRefunded,
  pointsChanged,
  purchase,
  review,
  showtimeCreated,
  showtimeFacts,
  shuffled,
  step,
  story,
  ticketCancelled,
  ticketConfirmed,
  ticketFacts,
  userRegistered,
} from '../test/analytics-test-kit';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');

describe('analytics service: replay', () => {
  const kit = new AnalyticsTestKit();
  // Two stories told out of order (refunds before payments, deletions before creations, …).
  const stories = [story(), story()];
  const movies = [randomUUID(), randomUUID()];
  const users = [randomUUID(), randomUUID(), randomUUID()];
  const period = { from: '2026-02-01', to: '2026-03-31' };
  const showtimes = [
    showtimeFacts({ movie_id: movies[0], movie_title: 'Matrix', start_time: '2026-02-10T20:00:00.000Z' }),
    showtimeFacts({ movie_id: movies[1], movie_title: 'Alien', start_time: '2026-03-03T20:00:00.000Z', capacity: 20, price: 9.99 }),
  ];

  beforeAll(async () => {
    await kit.start();
    const [s1, s2] = showtimes as [(typeof showtimes)[0], (typeof showtimes)[0]];
    const [u1, u2, u3] = users as [string, string, string];
    const t1 = ticketFacts(s1, ['A1', 'A2'], { user_id: u1 });
    const t2 = ticketFacts(s1, ['B1'], { user_id: u2 });
    const t3 = ticketFacts(s2, ['A1', 'A2', 'A3'], { user_id: u3 });
    const t4 = ticketFacts(s2, ['B1'], { user_id: u1 });
    // Half through RabbitMQ, half by hand: both land in the same log.
    await kit.deliverAll([
      step('movie.created', movieCreated(movies[0] as string, 'The Matrix'), '2026-01-01T00:00:00.000Z'),
      ...users.map((u, i) => step('user.registered', userRegistered(u, `User ${i}`), `2026-02-0${i + 1}T12:00:00.000Z`)),
      step('showtime.created', showtimeCreated(s1), '2026-02-01T08:00:00.000Z'),
      step('showtime.created', showtimeCreated(s2), '2026-02-01T08:00:00.000Z'),
      ...purchase(t1, '2026-02-05T10:00:00.000Z'),
      ...purchase(t2, '2026-02-06T23:30:00.000Z'),
    ]);
    await kit.record([
      step('payment.refunded', paymentRefunded(t1, 5), '2026-02-07T10:00:00.000Z'),
      ...fullRefund(t2, '2026-02-08T10:00:00.000Z'),
      ...purchase(t3, '2026-03-01T10:00:00.000Z'),
      ...purchase(t4, '2026-03-02T10:00:00.000Z'),
      step('review.created', review(movies[0] as string, u1, 4), '2026-02-11T10:00:00.000Z'),
      step('review.created', review(movies[1] as string, u3, 2), '2026-03-04T10:00:00.000Z'),
      step('loyalty.points_changed', pointsChanged(u1, 25, 25), '2026-02-05T10:02:00.000Z'),
      step('loyalty.points_changed', pointsChanged(u1, 35, 35, 'silver'), '2026-03-02T10:02:00.000Z'),
      // Views and favourites, a removal before its addition among them.
      step('movie.viewed', { user_id: u1, movie_id: movies[0] as string, viewed_at: '2026-02-04T10:00:00.000Z' }, '2026-02-04T10:00:00.000Z'),
      step('movie.viewed', { user_id: u2, movie_id: movies[0] as string, viewed_at: '2026-02-04T11:00:00.000Z' }, '2026-02-04T11:00:00.000Z'),
      step('movie.viewed', { user_id: u3, movie_id: movies[1] as string, viewed_at: '2026-02-28T10:00:00.000Z' }, '2026-02-28T10:00:00.000Z'),
      step('favourite.removed', { user_id: u2, movie_id: movies[0] as string }, '2026-02-09T10:00:00.000Z'),
      step('favourite.added', { user_id: u1, movie_id: movies[0] as string }, '2026-02-04T10:01:00.000Z'),
      step('favourite.added', { user_id: u2, movie_id: movies[0] as string }, '2026-02-04T11:01:00.000Z'),
      step('favourite.added', { user_id: u3, movie_id: movies[1] as string }, '2026-02-28T10:01:00.000Z'),
    ]);
    await kit.record(shuffled(stories[0]?.steps ?? [], 3));
    await kit.deliverAll([...(stories[1]?.steps ?? [])].reverse());
    // Every other kind of event too, so the replay meets them all.
    const samples = catalogueSamples();
    for (const type of ['event.published', 'registration.created', 'video.uploaded', 'vote.cast', 'reward.redeemed', 'user.password_reset_requested'] as const) {
      await kit.record([step(type, samples[type] as never, '2026-02-15T10:00:00.000Z')]);
    }
  });
  afterAll(() => kit.stop());

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are loose JSON
  const answers = async (): Promise<Record<string, any>> => ({
    ...(await kit.answers({ movies, users, ...period })),
    stories: await Promise.all(stories.map((s) => kit.storyAnswers(s))),
  });

  it('when the aggregates are damaged and `npm run analytics:replay` runs, then every answer is what it was before', async () => {
    const before = await answers();
    expect(before.dashboard).toMatchObject({ tickets: 5, seats: 10, tickets_refunded: 3, new_users: 5 });
    expect(before.stories[0]).toEqual(before.stories[1]);
    expect(before[`movie ${movies[0]}`]).toMatchObject({ views: 2, favourites: 1 });
    expect(before[`movie ${movies[1]}`]).toMatchObject({ views: 1, favourites: 1 });
    expect(users.map((u) => before[`user ${u}`].favourites)).toEqual([1, 0, 1]);

    await kit.pool.query('UPDATE daily_sales SET tickets = tickets + 100, gross = gross + 1000');
    await kit.pool.query('UPDATE showtime_stats SET seats_sold = 0');
    await kit.pool.query('DELETE FROM user_stats');
    await kit.pool.query('UPDATE movie_engagement SET views = views + 7, favourites = 0');
    await kit.pool.query('DELETE FROM favourite_facts');
    expect(await kit.get(`/api/analytics/dashboard?from=${period.from}&to=${period.to}&top=10`)).not.toEqual(before.dashboard);
    expect((await kit.call('GET', `/api/analytics/users/${users[0]}/behavior`, { token: kit.admin.token })).status).toBe(404);

    const { stdout } = await run('npm', ['run', 'analytics:replay', '-w', '@marquee/analytics'], {
      cwd: root,
      env: { ...process.env, PATH: `${root}/node_modules/.bin:${process.env.PATH ?? ''}`, ANALYTICS_DATABASE_URL: kit.db.url, LOG_LEVEL: 'silent' },
    });
    const { rows } = await kit.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM domain_events');
    expect(stdout).toContain(`rebuilt every aggregate from ${rows[0]?.n} stored events`);
    expect(await answers()).toEqual(before);
  });

  it('when the replay runs while new events arrive, then each new event counts once, before or after it', async () => {
    const before = await kit.get(`/api/analytics/movies/${movies[0]}/metrics`);
    const arrivals = Array.from({ length: 20 }, (_, i) =>
      step('ticket.confirmed', ticketConfirmed(ticketFacts(showtimes[0] as (typeof showtimes)[0], [`C${i + 1}`])), '2026-02-20T10:00:00.000Z'),
    );
    const [replayed, ...posted] = await Promise.all([kit.handle.api.replay(), ...arrivals.map((s) => kit.post(s))]);
    expect(posted.map((a) => a.status)).toEqual(arrivals.map(() => 201));
    expect(replayed.events).toBeGreaterThan(30);
    const after = await kit.get(`/api/analytics/movies/${movies[0]}/metrics`);
    expect(after).toMatchObject({ tickets: before.tickets + 20, seats: before.seats + 20, gross_revenue: before.gross_revenue + 250 });
    // And one more replay agrees with what the consumers built.
    const now = await answers();
    await kit.handle.api.replay();
    expect(await answers()).toEqual(now);
  });

  it('when events arrive after a replay, then they build on the rebuilt facts as on the ones the consumer built', async () => {
    const [s1] = showtimes as [(typeof showtimes)[0]];
    const late = ticketFacts(s1, ['D1', 'D2'], { user_id: users[2] });
    // The refund first, then the replay, then the confirmation and the cancellation.
    // And a favourite's removal before its addition, while another user's favourite stands.
    const [u1, , u3] = users as [string, string, string];
    await kit.record([
      step('payment.refunded', paymentRefunded(late, late.amount), '2026-02-25T10:00:00.000Z'),
      step('favourite.removed', { user_id: u3, movie_id: movies[0] as string }, '2026-02-26T10:00:00.000Z'),
    ]);
    await kit.handle.api.replay();
    const before = await kit.get(`/api/analytics/movies/${movies[0]}/metrics`);
    await kit.record([
      step('ticket.confirmed', ticketConfirmed(late), '2026-02-24T10:00:00.000Z'),
      step('ticket.cancelled', ticketCancelled(late), '2026-02-25T10:00:00.000Z'),
      step('favourite.added', { user_id: u3, movie_id: movies[0] as string }, '2026-02-25T10:00:00.000Z'),
      step('favourite.removed', { user_id: u1, movie_id: movies[0] as string }, '2026-02-26T10:00:00.000Z'),
    ]);
    expect((await kit.get(`/api/analytics/movies/${movies[0]}/metrics`)).favourites).toBe(before.favourites - 1);
    expect((await kit.get(`/api/analytics/users/${u3}/behavior`)).favourites).toBe(1);
    expect(await kit.get(`/api/analytics/movies/${movies[0]}/metrics`)).toMatchObject({
      tickets: before.tickets,
      seats: before.seats,
      tickets_refunded: before.tickets_refunded + 1,
      gross_revenue: before.gross_revenue + 25,
      refunded: before.refunded + 25,
    });
    const settled = await answers();
    await kit.handle.api.replay();
    expect(await answers()).toEqual(settled);
  });
});
