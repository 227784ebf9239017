/* eslint-disable @typescript-eslint/no-explicit-any -- EXPLAIN (FORMAT JSON) plans are walked as loose JSON */
// The dashboard at a million stored events: the log is seeded with generate_series, the
// aggregates with two years of sales, showtimes and registrations, and every query the reports
// run is EXPLAINed as it is sent. The assertion is on the plans, not on time: no query reads the
// log, and the aggregate tables are read through their indexes. ADR 0009 shows the plans.
import type { Db } from '@marquee/service';
import { AnalyticsTestKit } from '../../test/analytics-test-kit';
import { ReportsService } from '../domain/reports.service';
import { ReportsRepository } from './reports.repository';

const EVENTS = 1_000_000;
const MOVIES = 200;
const DAYS = 730;
const SHOWTIMES = 100_000;

interface Explained {
  sql: string;
  plan: any;
}

/** Every plan node below `node`, itself included. */
function nodesOf(node: any): any[] {
  return [node, ...((node.Plans ?? []) as any[]).flatMap(nodesOf)];
}

/** A Db that EXPLAINs each query before running it. */
function explaining(db: Db, explained: Explained[]): Db {
  return {
    query: async (sql: string, values?: unknown[]) => {
      const { rows } = await db.query(`EXPLAIN (FORMAT JSON) ${sql}`, values);
      explained.push({ sql, plan: (rows[0] as any)['QUERY PLAN'][0].Plan });
      return db.query(sql, values);
    },
  } as unknown as Db;
}

describe('analytics service: the dashboard at a million stored events', () => {
  const kit = new AnalyticsTestKit();

  beforeAll(async () => {
    await kit.start();
    const db = kit.pool;
    await db.query(
      `INSERT INTO domain_events (id, type, source, time, data, via)
       SELECT gen_random_uuid(),
              (ARRAY['ticket.reserved','ticket.confirmed','payment.succeeded','review.created','user.registered','showtime.created'])[1 + i % 6],
              'seed', timestamptz '2025-01-01' + i * interval '1 minute', jsonb_build_object('n', i), 'bus'
       FROM generate_series(1, $1::int) i`,
      [EVENTS],
    );
    await db.query(
      `INSERT INTO movies (movie_id, title, fact_rank, fact_time, fact_event)
       SELECT ('00000000-0000-4000-8000-' || lpad(m::text, 12, '0'))::uuid, 'Movie ' || m, 1, now(), gen_random_uuid()
       FROM generate_series(1, $1::int) m`,
      [MOVIES],
    );
    await db.query(
      `INSERT INTO daily_sales (day, movie_id, currency, tickets, seats, tickets_refunded, gross, refunded)
       SELECT date '2025-01-01' + d, ('00000000-0000-4000-8000-' || lpad(m::text, 12, '0'))::uuid, 'USD',
              (d + m) % 7, 2 * ((d + m) % 7), (d + m) % 2, 25 * (1 + (d + m) % 7), 5 * ((d + m) % 2)
       FROM generate_series(0, $1::int - 1) d, generate_series(1, $2::int) m`,
      [DAYS, MOVIES],
    );
    await db.query(
      `INSERT INTO showtime_stats (showtime_id, movie_id, theater_id, theater_name, movie_title, start_time, start_day, capacity, status,
                                   fact_time, fact_event, tickets_sold, seats_sold)
       SELECT gen_random_uuid(), ('00000000-0000-4000-8000-' || lpad((1 + s % $2::int)::text, 12, '0'))::uuid,
              ('00000000-0000-4000-9000-' || lpad((s % 20)::text, 12, '0'))::uuid, 'Hall ' || (s % 20), 'Movie',
              timestamptz '2025-01-01' + s * ($3::int * interval '1 day' / $1::int), date '2025-01-01' + (s * $3::int / $1::int),
              100, CASE WHEN s % 50 = 0 THEN 'cancelled' ELSE 'scheduled' END, now(), gen_random_uuid(), s % 10, s % 40
       FROM generate_series(0, $1::int - 1) s`,
      [SHOWTIMES, MOVIES, DAYS],
    );
    await db.query(`INSERT INTO daily_users (day, new_users) SELECT date '2025-01-01' + d, 1 + d % 5 FROM generate_series(0, $1::int - 1) d`, [DAYS]);
    await db.query('ANALYZE');
  });
  afterAll(() => kit.stop());

  it('when the log holds a million events, then no dashboard query reads it and the aggregates are read through their indexes', async () => {
    const { rows } = await kit.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM domain_events');
    expect(rows[0]?.n).toBe(EVENTS);

    const explained: Explained[] = [];
    const reports = new ReportsService({ db: explaining(kit.pool, explained), reports: new ReportsRepository(), timeZone: 'UTC', currency: 'USD' });
    const dashboard = await reports.dashboard({ from: '2026-06-01', to: '2026-06-30', top: 5 });

    // Four queries: sales totals, top movies, new users, occupancy.
    expect(explained).toHaveLength(4);
    const scans = explained.flatMap(({ sql, plan }) =>
      nodesOf(plan)
        .filter((node) => node['Relation Name'])
        .map((node) => ({ query: sql.replace(/\s+/g, ' ').trim().slice(0, 60), table: node['Relation Name'] as string, scan: node['Node Type'] as string })),
    );
    expect(scans.filter((s) => s.table === 'domain_events')).toEqual([]);
    const aggregateScans = scans.filter((s) => ['daily_sales', 'showtime_stats', 'daily_users'].includes(s.table));
    expect(new Set(aggregateScans.map((s) => s.table))).toEqual(new Set(['daily_sales', 'showtime_stats', 'daily_users']));
    expect(aggregateScans.filter((s) => !/^(Index Scan|Index Only Scan|Bitmap Heap Scan)$/.test(s.scan))).toEqual([]);

    // And the answer is the one the aggregates hold.
    const { rows: expected } = await kit.pool.query(
      `SELECT sum(tickets)::int AS tickets, sum(seats)::int AS seats, (sum(gross) - sum(refunded))::float AS revenue
       FROM daily_sales WHERE day BETWEEN '2026-06-01' AND '2026-06-30'`,
    );
    expect(dashboard).toMatchObject(expected[0]);
    expect(dashboard.top_movies).toHaveLength(5);
    expect(dashboard.occupancy.showtimes).toBeGreaterThan(3000);
    const overHttp = await kit.get('/api/analytics/dashboard?from=2026-06-01&to=2026-06-30');
    expect(overHttp).toEqual({ ...dashboard });
  });

  it('when the other reports are asked at that size, then none of them reads the log either', async () => {
    const explained: Explained[] = [];
    const reports = new ReportsService({ db: explaining(kit.pool, explained), reports: new ReportsRepository(), timeZone: 'UTC', currency: 'USD' });
    const movie = '00000000-0000-4000-8000-000000000007';
    await reports.sales({ from: '2026-01-01', to: '2026-06-30', granularity: 'week' });
    await reports.sales({ from: '2026-01-01', to: '2026-06-30', granularity: 'month', movieId: movie });
    await reports.movieMetrics(movie);
    await reports.occupancyByShowtime({ from: '2026-06-01', to: '2026-06-07' }, { page: 2, limit: 20 });
    await reports.occupancyByTheater({ from: '2026-06-01', to: '2026-06-30' }, { page: 1, limit: 20 });
    expect(explained.length).toBeGreaterThanOrEqual(9);
    const tables = explained.flatMap(({ plan }) => nodesOf(plan).map((node) => node['Relation Name']).filter(Boolean));
    expect(tables).not.toContain('domain_events');
    expect(tables).toContain('daily_sales');
    expect(tables).toContain('showtime_stats');
  });
});
