import { EventsTestKit } from '../../test/events-test-kit';
import { DEMO_ORGANIZER_ID } from './demo-events';

describe('events service: demo data', () => {
  const kit = new EventsTestKit();
  beforeAll(() => kit.start({ SEED_DEMO: 'true' }));
  afterAll(() => kit.stop());

  it('when started with SEED_DEMO, then a few published events with sessions belong to the demo organizer, announced once', async () => {
    const list = await kit.call('GET', '/api/events');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(3);
    for (const event of list.body.items) {
      expect(event).toMatchObject({ status: 'published', organizer_id: DEMO_ORGANIZER_ID, registered: 0 });
      const detail = await kit.call('GET', `/api/events/${event.id}`);
      expect(detail.body.sessions.length).toBeGreaterThanOrEqual(2);
    }
    // The seed runs during start, before the test's bus observer is bound: its outbox shows what was announced.
    const { rows } = await kit.pool.query("SELECT payload->'data'->>'event_id' AS id FROM outbox WHERE routing_key = 'event.published' ORDER BY 1");
    expect(rows.map((r) => r.id)).toEqual(list.body.items.map((e: { id: string }) => e.id).sort());
    const mine = await kit.call('GET', '/api/events?status=published', { token: kit.organizer(DEMO_ORGANIZER_ID).token });
    expect(mine.body.total).toBe(3);
    // The demo data is usable as it is: people can register, for sessions too.
    const conference = list.body.items.find((e: { title: string }) => e.title === 'TypeScript at Scale');
    const sessions = (await kit.call('GET', `/api/events/${conference.id}`)).body.sessions;
    expect((await kit.register(kit.user().token, conference.id, [sessions[0].id, sessions[1].id])).status).toBe(201);
  });

  it('when another start seeds again, then nothing is added twice', async () => {
    await kit.startReplica({ SEED_DEMO: 'true' });
    const { rows } = await kit.pool.query('SELECT count(*)::int AS events, (SELECT count(*)::int FROM sessions) AS sessions FROM events');
    expect(rows[0]).toEqual({ events: 3, sessions: 8 });
    const { rows: outbox } = await kit.pool.query("SELECT count(*)::int AS n FROM outbox WHERE routing_key = 'event.published'");
    expect(outbox[0].n).toBe(3);
  });
});
