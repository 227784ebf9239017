import { randomUUID } from 'node:crypto';
import { createEvent } from '@marquee/contracts';
import { formatFindings } from '@marquee/testing';
import { AnalyticsTestKit, review, showtimeCreated, showtimeFacts, ticketConfirmed, ticketFacts } from '../../test/analytics-test-kit';

describe('analytics service: POST /api/analytics/events', () => {
  const kit = new AnalyticsTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  const count = async () => (await kit.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM domain_events')).rows[0]?.n;

  it('when an admin records an event by hand, then it is stored as theirs and the aggregates move as for one from the bus', async () => {
    const showtime = showtimeFacts({ start_time: '2026-07-10T20:00:00.000Z' });
    const ticket = ticketFacts(showtime, ['A1', 'A2']);
    const created = await kit.call('POST', '/api/analytics/events', {
      token: kit.admin.token,
      body: { type: 'ticket.confirmed', data: ticketConfirmed(ticket), time: '2026-07-01T10:00:00Z', source: 'tickets' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), type: 'ticket.confirmed', source: 'tickets', time: '2026-07-01T10:00:00.000Z', recorded: true });
    const { rows } = await kit.pool.query('SELECT via, recorded_by, source FROM domain_events WHERE id = $1', [created.body.id]);
    expect(rows).toEqual([{ via: 'api', recorded_by: kit.admin.userId, source: 'tickets' }]);
    expect(await kit.get('/api/analytics/dashboard?from=2026-07-01&to=2026-07-01')).toMatchObject({ tickets: 1, seats: 2, revenue: 25 });

    // The same id again, even with other data, changes nothing and answers the stored event.
    const again = await kit.call('POST', '/api/analytics/events', {
      token: kit.admin.token,
      body: { id: created.body.id, type: 'ticket.confirmed', data: ticketConfirmed({ ...ticket, seats: ['A1', 'A2', 'A3'] }), time: '2026-07-09T10:00:00Z' },
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...created.body, recorded: false });
    expect(await kit.get('/api/analytics/dashboard?from=2026-07-01&to=2026-07-31')).toMatchObject({ tickets: 1, seats: 2, revenue: 25 });
  });

  it('when the body is an envelope copied from the bus, then it is taken as it is; without time or source, now and admin', async () => {
    const envelope = createEvent('showtime.created', showtimeCreated(showtimeFacts()), { source: 'showtimes', time: '2026-07-02T10:00:00.000Z' });
    const copied = await kit.call('POST', '/api/analytics/events', { token: kit.admin.token, body: envelope });
    expect(copied.status).toBe(201);
    expect(copied.body).toMatchObject({ id: envelope.id, source: 'showtimes', time: '2026-07-02T10:00:00.000Z' });

    const before = Date.now();
    const bare = await kit.call('POST', '/api/analytics/events', { token: kit.admin.token, body: { type: 'review.created', data: review(randomUUID(), randomUUID(), 4) } });
    expect(bare.status).toBe(201);
    expect(bare.body.source).toBe('admin');
    expect(Date.parse(bare.body.time)).toBeGreaterThanOrEqual(before - 1000);
  });

  it("when the data does not match its type's contract, then 400 names each field under body.data and nothing is stored", async () => {
    const before = await count();
    const ticket = ticketConfirmed(ticketFacts(showtimeFacts(), ['A1']));
    const cases: Array<[unknown, string[]]> = [
      [{ type: 'ticket.confirmed', data: { ...ticket, seats: [], amount: -1 } }, ['body.data.seats', 'body.data.amount']],
      [{ type: 'ticket.confirmed', data: { ...ticket, payment_id: undefined } }, ['body.data.payment_id']],
      // The data of another type is not this type's.
      [{ type: 'ticket.cancelled', data: ticket }, ['body.data.status', 'body.data.previous_status', 'body.data.reason']],
      [{ type: 'ticket.sold', data: ticket }, ['body.type']],
      [{ type: 'ticket.confirmed' }, ['body.data']],
      [{ type: 'ticket.confirmed', data: ticket, id: 'not-a-uuid', time: 'yesterday' }, ['body.id', 'body.time']],
      [{ type: 'ticket.confirmed', data: ticket, extra: 1 }, ['body.extra']],
      [{ type: 'vote.cast', data: { video_id: randomUUID(), voter_id: ticket.user_id, owner_id: ticket.user_id, total_votes: 1 } }, ['body.data.voter_id']],
    ];
    for (const [body, fields] of cases) {
      const answer = await kit.call('POST', '/api/analytics/events', { token: kit.admin.token, body });
      expect({ body, status: answer.status, fields: (answer.body.errors ?? []).map((e: { field: string }) => e.field).sort() }).toEqual({ body, status: 400, fields: [...fields].sort() });
    }
    expect(await count()).toBe(before);
  });

  it('when every route gets hostile input, then no answer is a 5xx and no refusal writes a row', async () => {
    const movie = randomUUID();
    await kit.call('POST', '/api/analytics/events', { token: kit.admin.token, body: { type: 'review.created', data: review(movie, randomUUID(), 3) } });
    const report = await kit.sweep({
      pathValues: { id: movie },
      bodies: { 'POST /api/analytics/events': { type: 'review.created', data: review(movie, randomUUID(), 5) } },
    });
    expect(formatFindings(report.findings)).toBe('');
    expect(report.operations).toBe(6);
    expect(report.requests).toBeGreaterThan(150);
  });
});
