import { randomUUID } from 'node:crypto';
import { eventTypes } from '@marquee/contracts';
import { AnalyticsTestKit, catalogueSamples, purchase, showtimeCreated, showtimeFacts, step, ticketFacts, userRegistered } from '../../test/analytics-test-kit';

describe('analytics service: domain events from RabbitMQ', () => {
  const kit = new AnalyticsTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  const stored = async (id: string) =>
    (await kit.pool.query<{ type: string; source: string; data: Record<string, unknown>; via: string; time: Date }>('SELECT type, source, data, via, time FROM domain_events WHERE id = $1', [id])).rows;

  it('when an event of every type of the catalogue arrives, then each is stored once, as sent, by the bus', async () => {
    const samples = catalogueSamples();
    const ids: Record<string, string> = {};
    for (const type of eventTypes) {
      const event = await kit.deliver(type, samples[type] as never, { time: new Date('2026-01-05T10:00:00Z') });
      ids[type] = event.id;
    }
    for (const type of eventTypes) {
      const rows = await stored(ids[type] as string);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ type, source: 'observer', via: 'bus', time: new Date('2026-01-05T10:00:00Z') });
      if (type !== 'user.password_reset_requested') expect(rows[0]?.data).toEqual(JSON.parse(JSON.stringify(samples[type])));
    }
  });

  it('when user.password_reset_requested arrives, then its OTP code is not stored', async () => {
    const user = randomUUID();
    const event = await kit.deliver('user.password_reset_requested', { user_id: user, email: `${user}@example.com`, name: 'Ada', otp_code: '654321', expires_at: '2026-01-01T10:15:00.000Z' });
    const [row] = await stored(event.id);
    expect(row?.data).toEqual({ user_id: user, email: `${user}@example.com`, name: 'Ada', expires_at: '2026-01-01T10:15:00.000Z' });
    const { rows } = await kit.pool.query("SELECT 1 FROM domain_events WHERE data::text LIKE '%654321%'");
    expect(rows).toHaveLength(0);
  });

  it('when a sale arrives on the bus, then the aggregates move; when it is delivered again after the inbox forgot it, then nothing changes', async () => {
    const showtime = showtimeFacts({ start_time: '2026-03-10T20:00:00.000Z' });
    const ticket = ticketFacts(showtime, ['A1', 'A2', 'A3']);
    const steps = [step('showtime.created', showtimeCreated(showtime), '2026-03-01T10:00:00.000Z'), ...purchase(ticket, '2026-03-02T10:00:00.000Z')];
    await kit.deliverAll(steps);
    const path = '/api/analytics/dashboard?from=2026-03-01&to=2026-03-31';
    const once = await kit.get(path);
    expect(once).toMatchObject({ tickets: 1, seats: 3, revenue: 37.5, occupancy: { seats_sold: 3, capacity: 40 } });

    // The inbox is pruned after INBOX_RETENTION_DAYS; the log's key still recognises the event.
    await kit.pool.query('DELETE FROM inbox WHERE event_id = ANY($1)', [steps.map((s) => s.id)]);
    await kit.deliverAll(steps);
    // And an admin sending the very same event by hand is told it is known.
    const again = await kit.post(steps[2] as (typeof steps)[number]);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: steps[2]?.id, recorded: false });

    expect(await kit.get(path)).toEqual(once);
    const { rows } = await kit.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM domain_events WHERE id = ANY($1)', [steps.map((s) => s.id)]);
    expect(rows[0]?.n).toBe(steps.length);
  });

  it('when a bus event carries text PostgreSQL cannot store, then it is stored with U+FFFD instead and still counts', async () => {
    const user = randomUUID();
    const event = await kit.deliver('user.registered', userRegistered(user, 'Ada\u0000 \ud800Lovelace'), { time: new Date('2026-04-02T10:00:00Z') });
    const [row] = await stored(event.id);
    expect(row?.data.name).toBe('Ada\uFFFD \uFFFDLovelace');
    expect(await kit.get(`/api/analytics/users/${user}/behavior`)).toMatchObject({ name: 'Ada\uFFFD \uFFFDLovelace' });
    expect(await kit.get('/api/analytics/dashboard?from=2026-04-02&to=2026-04-02')).toMatchObject({ new_users: 1 });
  });

  it('when anyone tries to change or delete a stored event, then the database refuses: the log is append-only', async () => {
    const event = await kit.deliver('user.registered', userRegistered(randomUUID()));
    await expect(kit.pool.query("UPDATE domain_events SET source = 'forged' WHERE id = $1", [event.id])).rejects.toThrow(/append-only/);
    await expect(kit.pool.query('DELETE FROM domain_events WHERE id = $1', [event.id])).rejects.toThrow(/append-only/);
    expect(await stored(event.id)).toHaveLength(1);
  });
});
