import { EventsTestKit, plusMinutes, type Answer } from '../../test/events-test-kit';

// Real concurrency against the real PostgreSQL: conditional updates, the partial unique index of
// active registrations and the sessions' exclusion constraint are the only things deciding these races.
describe('events service: concurrent registrations and sessions', () => {
  const kit = new EventsTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  const codes = (answers: Answer[]) => answers.filter((a) => a.status !== 201).map((a) => `${a.status} ${a.body.code}`);

  it('when 300 users race for an event with 50 places, then exactly 50 × 201, registered = 50 and 250 × EVENT_FULL', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token, { capacity: 50 });
    const answers = await Promise.all(Array.from({ length: 300 }, () => kit.register(kit.user().token, event.id)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(50);
    expect(codes(answers)).toEqual(Array(250).fill('409 EVENT_FULL'));
    expect(await kit.eventRow(event.id)).toMatchObject({ registered: 50, capacity: 50 });
    expect(await kit.activeRegistrations(event.id)).toBe(50);
    const winners = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.user_id));
    expect(winners.size).toBe(50);
  });

  it('when 300 users race for a 50-place session of a 400-place event, then exactly 50 × 201 and 250 × SESSION_FULL, and the event counts 50', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token, { capacity: 400 });
    const session = await kit.session(org.token, event, { capacity: 50 });
    const answers = await Promise.all(Array.from({ length: 300 }, () => kit.register(kit.user().token, event.id, [session.id])));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(50);
    expect(codes(answers)).toEqual(Array(250).fill('409 SESSION_FULL'));
    expect(await kit.sessionRow(session.id)).toMatchObject({ registered: 50, capacity: 50 });
    expect(await kit.eventRow(event.id)).toMatchObject({ registered: 50 });
    expect(await kit.activeRegistrations(event.id)).toBe(50);
    const { rows } = await kit.pool.query('SELECT count(*)::int AS n FROM registration_sessions WHERE session_id = $1', [session.id]);
    expect(rows[0].n).toBe(50);
  });

  it('when one user clicks register 20 times at once, then one registration and 19 × ALREADY_REGISTERED', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token, { capacity: 10 });
    const session = await kit.session(org.token, event, { capacity: 10 });
    const me = kit.user();
    const answers = await Promise.all(Array.from({ length: 20 }, () => kit.register(me.token, event.id, [session.id])));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(codes(answers)).toEqual(Array(19).fill('409 ALREADY_REGISTERED'));
    expect(await kit.eventRow(event.id)).toMatchObject({ registered: 1 });
    expect(await kit.sessionRow(session.id)).toMatchObject({ registered: 1 });
    expect(await kit.activeRegistrations(event.id)).toBe(1);
  });

  it('when registrations and cancellations race, then registered always equals the active registrations', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token, { capacity: 30 });
    const session = await kit.session(org.token, event, { capacity: 20 });
    const early = Array.from({ length: 20 }, () => kit.user());
    for (const u of early) expect((await kit.register(u.token, event.id, [session.id])).status).toBe(201);
    const late = Array.from({ length: 60 }, () => kit.user());
    await Promise.all([
      ...early.map((u) => kit.call('DELETE', `/api/events/${event.id}/register`, { token: u.token })),
      ...late.map((u, i) => kit.register(u.token, event.id, i % 2 === 0 ? [session.id] : [])),
    ]);
    const row = await kit.eventRow(event.id);
    expect(row.registered).toBe(await kit.activeRegistrations(event.id));
    expect(row.registered).toBeLessThanOrEqual(30);
    const { rows } = await kit.pool.query(
      `SELECT count(*)::int AS n FROM registration_sessions rs JOIN registrations r ON r.id = rs.registration_id
       WHERE rs.session_id = $1 AND r.status = 'active'`,
      [session.id],
    );
    expect((await kit.sessionRow(session.id)).registered).toBe(rows[0].n);
  });

  it('when the event is cancelled while 100 users register, then every 201 is named in event.cancelled and every other answer is EVENT_NOT_OPEN', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token, { capacity: 1000 });
    const users = Array.from({ length: 100 }, () => kit.user());
    const registering = users.map((u) => kit.register(u.token, event.id));
    const cancel = kit.call('POST', `/api/events/${event.id}/cancel`, { token: org.token });
    const answers = await Promise.all(registering);
    expect((await cancel).status).toBe(200);
    const told = await kit.event('event.cancelled', (d) => d.event_id === event.id);
    const registered = answers.filter((a) => a.status === 201).map((a) => a.body.user_id).sort();
    expect([...told.data.attendee_ids].sort()).toEqual(registered);
    expect(codes(answers).every((c) => c === '409 EVENT_NOT_OPEN')).toBe(true);
    expect(told.data.registered).toBe(registered.length);
  });

  it('when 20 overlapping sessions for one room are created at once, then exactly one wins and 19 get SESSION_CONFLICT', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        kit.addSession(org.token, event, {
          title: `Racer ${i}`,
          room: 'Arena',
          start_at: plusMinutes(event.start_at, 60 + i),
          end_at: plusMinutes(event.start_at, 120 + i),
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(codes(answers)).toEqual(Array(19).fill('409 SESSION_CONFLICT'));
    expect((await kit.pool.query('SELECT count(*)::int AS n FROM sessions WHERE event_id = $1', [event.id])).rows[0].n).toBe(1);
  });
});
