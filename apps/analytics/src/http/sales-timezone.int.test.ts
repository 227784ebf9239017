import { analyticsService } from '../app';
import { AnalyticsTestKit, showtimeCreated, showtimeFacts, step, ticketConfirmed, ticketFacts, userRegistered } from '../../test/analytics-test-kit';

describe('analytics service: days in ANALYTICS_TIMEZONE', () => {
  const kit = new AnalyticsTestKit({ ANALYTICS_TIMEZONE: 'America/New_York' });
  // 21:00 on 28 February in New York, 02:00 on 1 March in UTC.
  const evening = showtimeFacts({ start_time: '2026-03-01T02:00:00.000Z', capacity: 20 });

  beforeAll(async () => {
    await kit.start();
    await kit.record([
      step('showtime.created', showtimeCreated(evening), '2026-02-20T10:00:00.000Z'),
      // 22:30 on 28 February in New York.
      step('ticket.confirmed', ticketConfirmed(ticketFacts(evening, ['A1', 'A2'])), '2026-03-01T03:30:00.000Z'),
      // 10:00 on 1 March in New York.
      step('ticket.confirmed', ticketConfirmed(ticketFacts(evening, ['B1'])), '2026-03-01T15:00:00.000Z'),
      step('user.registered', userRegistered('5a1e5a1e-0000-4000-8000-000000000001'), '2026-03-01T04:59:00.000Z'),
      step('user.registered', userRegistered('5a1e5a1e-0000-4000-8000-000000000002'), '2026-03-01T05:00:00.000Z'),
    ]);
  });
  afterAll(() => kit.stop());

  it('when a sale happens late in the evening in the reporting zone, then it counts on that local day, not the UTC one', async () => {
    const daily = await kit.get('/api/analytics/sales?from=2026-02-28&to=2026-03-01&granularity=day');
    expect(daily).toMatchObject({ timezone: 'America/New_York' });
    expect(daily.items.map((d: { period_start: string; seats: number }) => [d.period_start, d.seats])).toEqual([
      ['2026-02-28', 2],
      ['2026-03-01', 1],
    ]);
    const monthly = await kit.get('/api/analytics/sales?from=2026-02-01&to=2026-03-31&granularity=month');
    expect(monthly.items.map((m: { period_start: string; seats: number }) => [m.period_start, m.seats])).toEqual([
      ['2026-02-01', 2],
      ['2026-03-01', 1],
    ]);
  });

  it('when users register around local midnight, and a showtime starts in the local evening, then the dashboard buckets them by local day', async () => {
    const lastOfFebruary = await kit.get('/api/analytics/dashboard?from=2026-02-28&to=2026-02-28');
    expect(lastOfFebruary).toMatchObject({ new_users: 1, seats: 2, occupancy: { showtimes: 1, seats_sold: 3, capacity: 20 } });
    const firstOfMarch = await kit.get('/api/analytics/dashboard?from=2026-03-01&to=2026-03-01');
    expect(firstOfMarch).toMatchObject({ new_users: 1, seats: 1, occupancy: { showtimes: 0 } });
  });

  it('when ANALYTICS_TIMEZONE or ANALYTICS_CURRENCY is not valid, then the service refuses to start and names the variable', async () => {
    const env = await kit.environment({ ANALYTICS_TIMEZONE: 'Mars/Olympus_Mons', ANALYTICS_CURRENCY: 'dollars' });
    await expect(analyticsService.start(env)).rejects.toThrow(/ANALYTICS_TIMEZONE[\s\S]*ANALYTICS_CURRENCY|ANALYTICS_CURRENCY[\s\S]*ANALYTICS_TIMEZONE/);
  });
});
