import { randomUUID } from 'node:crypto';
import {
  AnalyticsTestKit,
  fullRefund,
  movieCreated,
  paymentRefunded,
  pointsChanged,
  purchase,
  review,
  showtimeCancelled,
  showtimeCreated,
  showtimeFacts,
  step,
  ticketExpired,
  ticketFacts,
  ticketReserved,
  userRegistered,
} from '../../test/analytics-test-kit';

describe('analytics service: reports', () => {
  const kit = new AnalyticsTestKit();

  // Two theaters, three scheduled showtimes and a cancelled one, in January 2026 (UTC).
  const hall1 = randomUUID();
  const hall2 = randomUUID();
  const matrix = randomUUID();
  const alien = randomUUID();
  const s1 = showtimeFacts({ movie_id: matrix, theater_id: hall1, theater_name: 'Hall 1', start_time: '2026-01-10T20:00:00.000Z', capacity: 40 });
  const s2 = showtimeFacts({ movie_id: matrix, theater_id: hall2, theater_name: 'Hall 2', start_time: '2026-01-11T20:00:00.000Z', capacity: 20 });
  const s3 = showtimeFacts({ movie_id: alien, movie_title: 'Alien', theater_id: hall1, theater_name: 'Hall 1', start_time: '2026-01-12T20:00:00.000Z', capacity: 20, price: 10 });
  const s4 = showtimeFacts({ movie_id: matrix, theater_id: hall2, theater_name: 'Hall 2', start_time: '2026-01-13T20:00:00.000Z', capacity: 40 });
  const ada = randomUUID();
  const bob = randomUUID();
  const eve = randomUUID();
  const a = ticketFacts(s1, ['A1', 'A2'], { user_id: ada }); // 25.00
  const b = ticketFacts(s1, ['B1', 'B2', 'B3'], { user_id: bob }); // 37.50, 10.00 refunded
  const c = ticketFacts(s2, ['A1'], { user_id: ada }); // 12.50, refunded in full
  const d = ticketFacts(s3, ['A1', 'A2', 'A3', 'A4'], { user_id: bob }); // 40.00
  const e = ticketFacts(s1, ['D1'], { user_id: eve }); // reserved, expired
  const bobsAlienReview = randomUUID();

  beforeAll(async () => {
    await kit.start();
    await kit.record([
      step('movie.created', movieCreated(matrix, 'The Matrix'), '2025-12-01T00:00:00Z'),
      step('user.registered', userRegistered(eve, 'Eve'), '2025-12-31T23:00:00Z'),
      step('user.registered', userRegistered(ada, 'Ada'), '2026-01-02T09:00:00Z'),
      step('user.registered', userRegistered(bob, 'Bob'), '2026-01-03T09:00:00Z'),
      step('showtime.created', showtimeCreated(s1), '2026-01-01T08:00:00Z'),
      step('showtime.created', showtimeCreated(s2), '2026-01-01T08:00:00Z'),
      step('showtime.created', showtimeCreated(s3), '2026-01-01T08:00:00Z'),
      step('showtime.created', showtimeCreated(s4), '2026-01-01T08:00:00Z'),
      step('showtime.cancelled', showtimeCancelled(s4), '2026-01-02T08:00:00Z'),
      ...purchase(a, '2026-01-05T10:00:00Z'),
      ...purchase(b, '2026-01-05T12:00:00Z'),
      step('payment.refunded', paymentRefunded(b, 10), '2026-01-07T12:00:00Z'),
      ...purchase(c, '2026-01-06T10:00:00Z'),
      ...fullRefund(c, '2026-01-08T10:00:00Z'),
      ...purchase(d, '2026-01-12T10:00:00Z'),
      step('ticket.reserved', ticketReserved(e), '2026-01-09T10:00:00Z'),
      step('ticket.expired', ticketExpired(e), '2026-01-09T10:10:00Z'),
      step('review.created', review(matrix, ada, 5), '2026-01-11T10:00:00Z'),
      step('review.created', review(matrix, bob, 3, 'b0b0b0b0-0000-4000-8000-000000000001'), '2026-01-11T11:00:00Z'),
      step('review.updated', { ...review(matrix, bob, 4, 'b0b0b0b0-0000-4000-8000-000000000001'), previous_rating: 3 }, '2026-01-11T12:00:00Z'),
      step('review.created', review(alien, bob, 2, bobsAlienReview), '2026-01-13T10:00:00Z'),
      step('review.deleted', review(alien, bob, 2, bobsAlienReview), '2026-01-13T11:00:00Z'),
      step('loyalty.points_changed', pointsChanged(ada, 37, 37, 'silver'), '2026-01-06T10:01:00Z'),
      step('loyalty.points_changed', pointsChanged(ada, 25, 37, 'silver'), '2026-01-08T10:01:00Z'),
      step(
        'reward.redeemed',
        { user_id: ada, reward_id: randomUUID(), reward_name: 'Popcorn', redemption_id: randomUUID(), cost_points: 12, code: 'POP-1', points_left: 13 },
        '2026-01-09T10:00:00Z',
      ),
      step('loyalty.points_changed', pointsChanged(ada, 13, 37, 'silver'), '2026-01-09T10:00:00Z'),
      // Views and favourites: Ada opened The Matrix twice and Bob once; Ada keeps two favourites,
      // Bob added The Matrix and removed it again.
      step('movie.viewed', { user_id: ada, movie_id: matrix, viewed_at: '2026-01-04T10:00:00.000Z' }, '2026-01-04T10:00:00Z'),
      step('movie.viewed', { user_id: ada, movie_id: matrix, viewed_at: '2026-01-05T09:00:00.000Z' }, '2026-01-05T09:00:00Z'),
      step('movie.viewed', { user_id: bob, movie_id: matrix, viewed_at: '2026-01-05T11:00:00.000Z' }, '2026-01-05T11:00:00Z'),
      step('favourite.added', { user_id: ada, movie_id: matrix }, '2026-01-04T10:01:00Z'),
      step('favourite.added', { user_id: ada, movie_id: alien }, '2026-01-12T09:00:00Z'),
      step('favourite.added', { user_id: bob, movie_id: matrix }, '2026-01-05T11:01:00Z'),
      step('favourite.removed', { user_id: bob, movie_id: matrix }, '2026-01-06T11:01:00Z'),
    ]);
  });
  afterAll(() => kit.stop());

  const january = 'from=2026-01-01&to=2026-01-31';

  it('when sales, refunds, registrations and showtimes happened in the period, then the dashboard sums them', async () => {
    const dashboard = await kit.get(`/api/analytics/dashboard?${january}`);
    expect(dashboard).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
      timezone: 'UTC',
      currency: 'USD',
      revenue: 92.5,
      gross_revenue: 115,
      refunded: 22.5,
      tickets: 3,
      seats: 9,
      tickets_refunded: 1,
      // s1 5/40, s2 0/20, s3 4/20; s4 cancelled is left out.
      occupancy: { showtimes: 3, seats_sold: 9, capacity: 80, rate: 0.1125 },
      new_users: 2,
      top_movies: [
        { movie_id: matrix, title: 'The Matrix', tickets: 2, seats: 5, tickets_refunded: 1, currency: 'USD', revenue: 52.5, gross_revenue: 75, refunded: 22.5 },
        // No movie.created for it: the title comes from its ticket events.
        { movie_id: alien, title: 'Alien', tickets: 1, seats: 4, tickets_refunded: 0, currency: 'USD', revenue: 40, gross_revenue: 40, refunded: 0 },
      ],
    });
  });

  it('when the period or the currency leaves sales out, then they do not count, but ticket counts cover every currency', async () => {
    const firstWeek = await kit.get('/api/analytics/dashboard?from=2025-12-29&to=2026-01-05&top=1');
    expect(firstWeek).toMatchObject({ tickets: 2, seats: 5, revenue: 52.5, new_users: 3, occupancy: { showtimes: 0, capacity: 0, rate: null } });
    expect(firstWeek.top_movies).toHaveLength(1);
    const inEuros = await kit.get(`/api/analytics/dashboard?${january}&currency=EUR`);
    expect(inEuros).toMatchObject({ currency: 'EUR', revenue: 0, gross_revenue: 0, tickets: 3, seats: 9 });
  });

  it('when sales are asked by day, week or month, then every bucket is there, clipped to the period, and the totals agree', async () => {
    const daily = await kit.get(`/api/analytics/sales?${january}&granularity=day`);
    expect(daily.items).toHaveLength(31);
    expect(daily.items[4]).toEqual({ period_start: '2026-01-05', period_end: '2026-01-05', tickets: 2, seats: 5, tickets_refunded: 0, currency: 'USD', revenue: 52.5, gross_revenue: 62.5, refunded: 10 });
    // c was sold on the 6th and refunded on the 8th: the refund moves the 6th.
    expect(daily.items[5]).toMatchObject({ period_start: '2026-01-06', tickets: 0, tickets_refunded: 1, gross_revenue: 12.5, refunded: 12.5, revenue: 0 });
    expect(daily.items[0]).toMatchObject({ tickets: 0, revenue: 0 });
    expect(daily.totals).toMatchObject({ tickets: 3, seats: 9, revenue: 92.5 });

    const weekly = await kit.get(`/api/analytics/sales?${january}&granularity=week`);
    expect(weekly.items.map((w: { period_start: string; period_end: string }) => `${w.period_start}..${w.period_end}`)).toEqual([
      '2026-01-01..2026-01-04',
      '2026-01-05..2026-01-11',
      '2026-01-12..2026-01-18',
      '2026-01-19..2026-01-25',
      '2026-01-26..2026-01-31',
    ]);
    expect(weekly.items[1]).toMatchObject({ tickets: 2, seats: 5, tickets_refunded: 1, revenue: 52.5 });
    expect(weekly.items[2]).toMatchObject({ tickets: 1, seats: 4, revenue: 40 });

    const monthly = await kit.get('/api/analytics/sales?from=2025-12-15&to=2026-02-10&granularity=month');
    expect(monthly.items.map((m: { revenue: number }) => m.revenue)).toEqual([0, 92.5, 0]);
    expect(monthly.totals).toEqual(daily.totals);

    const ofAlien = await kit.get(`/api/analytics/sales?${january}&granularity=month&movie_id=${alien}`);
    expect(ofAlien).toMatchObject({ movie_id: alien, totals: { tickets: 1, revenue: 40 } });
  });

  it("when a movie's metrics are asked, then they hold its sales, occupancy, current reviews, views and current favourites", async () => {
    expect(await kit.get(`/api/analytics/movies/${matrix}/metrics`)).toEqual({
      movie_id: matrix,
      title: 'The Matrix',
      deleted: false,
      tickets: 2,
      seats: 5,
      tickets_refunded: 1,
      currency: 'USD',
      revenue: 52.5,
      gross_revenue: 75,
      refunded: 22.5,
      occupancy: { showtimes: 2, seats_sold: 5, capacity: 60, rate: 0.0833 },
      rating: 4.5,
      reviews: 2,
      views: 3,
      favourites: 1,
    });
    expect(await kit.get(`/api/analytics/movies/${alien}/metrics`)).toMatchObject({ title: 'Alien', rating: 0, reviews: 0, tickets: 1, occupancy: { rate: 0.2 }, views: 0, favourites: 1 });
    const unknown = await kit.call('GET', `/api/analytics/movies/${randomUUID()}/metrics`, { token: kit.admin.token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
  });

  it("when a user's behaviour is asked, then it holds their purchases, spend, reviews, favourites, points and rewards", async () => {
    expect(await kit.get(`/api/analytics/users/${ada}/behavior`)).toEqual({
      user_id: ada,
      name: 'Ada',
      registered_at: '2026-01-02T09:00:00.000Z',
      purchases: 1,
      seats: 2,
      tickets_refunded: 1,
      currency: 'USD',
      spend: 25,
      gross_spend: 37.5,
      refunded: 12.5,
      reviews: 1,
      favourites: 2,
      points: 13,
      lifetime_points: 37,
      tier: 'silver',
      rewards_redeemed: 1,
    });
    expect(await kit.get(`/api/analytics/users/${bob}/behavior`)).toMatchObject({ purchases: 2, seats: 7, spend: 67.5, gross_spend: 77.5, refunded: 10, reviews: 1, favourites: 0, points: 0, tier: null });
    expect(await kit.get(`/api/analytics/users/${eve}/behavior`)).toMatchObject({ purchases: 0, spend: 0 });
    expect((await kit.call('GET', `/api/analytics/users/${randomUUID()}/behavior`, { token: kit.admin.token })).status).toBe(404);
  });

  it('when occupancy is asked per showtime or per theater, then it is seats sold over capacity, cancelled showtimes left out', async () => {
    const byShowtime = await kit.get(`/api/analytics/occupancy?${january}&limit=2`);
    expect(byShowtime).toMatchObject({ by: 'showtime', page: 1, limit: 2, total: 3, total_pages: 2, totals: { showtimes: 3, seats_sold: 9, capacity: 80, rate: 0.1125 } });
    expect(byShowtime.items).toEqual([
      {
        showtime_id: s1.showtime_id,
        movie_id: matrix,
        movie_title: 'The Matrix',
        theater_id: hall1,
        theater_name: 'Hall 1',
        start_time: '2026-01-10T20:00:00.000Z',
        capacity: 40,
        seats_sold: 5,
        rate: 0.125,
      },
      expect.objectContaining({ showtime_id: s2.showtime_id, seats_sold: 0, capacity: 20, rate: 0 }),
    ]);

    const byTheater = await kit.get(`/api/analytics/occupancy?${january}&by=theater`);
    expect(byTheater.items).toEqual([
      { theater_id: hall1, theater_name: 'Hall 1', showtimes: 2, seats_sold: 9, capacity: 60, rate: 0.15 },
      { theater_id: hall2, theater_name: 'Hall 2', showtimes: 1, seats_sold: 0, capacity: 20, rate: 0 },
    ]);
    const oneHall = await kit.get(`/api/analytics/occupancy?${january}&by=theater&theater_id=${hall1}`);
    expect(oneHall).toMatchObject({ total: 1, totals: { seats_sold: 9, capacity: 60 } });
  });

  it('when no period is given, then it is the 30 days ending today; a period ending on 9999-12-31 is still answered', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const thirtyDays = await kit.get('/api/analytics/sales');
    expect(thirtyDays).toMatchObject({ to: today, granularity: 'day', timezone: 'UTC', currency: 'USD', movie_id: null });
    expect(thirtyDays.items).toHaveLength(30);
    expect(thirtyDays.items.at(-1).period_end).toBe(today);
    const endOfTime = await kit.get('/api/analytics/sales?to=9999-12-31&granularity=month');
    expect(endOfTime).toMatchObject({ from: '9999-12-02', to: '9999-12-31', items: [{ period_start: '9999-12-02', period_end: '9999-12-31', tickets: 0 }] });
  });

  it('when a query is bad, then the answer is 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['/api/analytics/sales?granularity=year', 'query.granularity'],
      ['/api/analytics/sales?from=2026-02-30', 'query.from'],
      ['/api/analytics/sales?from=2026-02-01&to=2026-01-01', 'query.from'],
      ['/api/analytics/sales?from=2000-01-01&to=2026-01-01', 'query.to'],
      ['/api/analytics/sales?to=yesterday', 'query.to'],
      ['/api/analytics/dashboard?from=1969-12-31&to=1970-01-10', 'query.from'],
      ['/api/analytics/dashboard?currency=usd', 'query.currency'],
      ['/api/analytics/dashboard?top=0', 'query.top'],
      ['/api/analytics/occupancy?by=city', 'query.by'],
      ['/api/analytics/occupancy?theater_id=hall', 'query.theater_id'],
      ['/api/analytics/movies/not-a-uuid/metrics', 'params.id'],
    ];
    for (const [path, field] of cases) {
      const answer = await kit.call('GET', path, { token: kit.admin.token });
      expect({ path, status: answer.status, fields: answer.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ path, status: 400, fields: [field] });
    }
  });

  it('when a caller is not an admin, then every route is 403; without a token, 401', async () => {
    const user = kit.user();
    const routes: Array<[string, string]> = [
      ['POST', '/api/analytics/events'],
      ['GET', '/api/analytics/dashboard'],
      ['GET', '/api/analytics/sales'],
      ['GET', `/api/analytics/movies/${matrix}/metrics`],
      ['GET', `/api/analytics/users/${user.userId}/behavior`],
      ['GET', '/api/analytics/occupancy'],
    ];
    for (const [method, path] of routes) {
      const body = method === 'POST' ? { type: 'user.registered', data: userRegistered(user.userId) } : undefined;
      expect([path, (await kit.call(method, path, { token: user.token, body })).status]).toEqual([path, 403]);
      expect([path, (await kit.call(method, path, { token: kit.user('organizer').token, body })).status]).toEqual([path, 403]);
      expect([path, (await kit.call(method, path, { body })).status]).toEqual([path, 401]);
    }
    const { rows } = await kit.pool.query('SELECT 1 FROM domain_events WHERE data->>\'user_id\' = $1', [user.userId]);
    expect(rows).toHaveLength(0);
  });
});
