import { randomUUID } from 'node:crypto';
import { EventsTestKit, plusMinutes } from '../../test/events-test-kit';

describe('events service: sessions', () => {
  const kit = new EventsTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when the owner adds sessions by either path, then the event shows them by start time with the contract fields', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token, { capacity: 60 });
    const second = await kit.call('POST', '/api/sessions', {
      token: org.token,
      body: { event_id: event.id, title: ' Panel ', room: 'Room B', start_at: plusMinutes(event.start_at, 120), end_at: plusMinutes(event.start_at, 180), capacity: 20 },
    });
    expect(second.status).toBe(201);
    expect(second.body).toEqual({
      id: expect.any(String),
      event_id: event.id,
      title: 'Panel',
      speaker: null,
      room: 'Room B',
      start_at: plusMinutes(event.start_at, 120),
      end_at: plusMinutes(event.start_at, 180),
      capacity: 20,
      registered: 0,
    });
    const first = await kit.addSession(org.token, event, {
      title: 'Opening',
      speaker: 'Ada',
      room: 'Main',
      start_at: event.start_at,
      end_at: plusMinutes(event.start_at, 60),
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ speaker: 'Ada', capacity: 60 });
    const detail = await kit.call('GET', `/api/events/${event.id}`);
    expect(detail.body.sessions.map((s: { id: string }) => s.id)).toEqual([first.body.id, second.body.id]);
  });

  it('when a session lies outside the event, ends before it starts, or exceeds the event capacity, then 400 naming the field', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token, { capacity: 30 });
    const early = await kit.addSession(org.token, event, { title: 'Early', room: 'A', start_at: plusMinutes(event.start_at, -30), end_at: plusMinutes(event.start_at, 30) });
    expect(early.status).toBe(400);
    expect(early.body.errors).toEqual([{ field: 'body.start_at', message: expect.stringContaining('must be within the event') }]);
    const late = await kit.addSession(org.token, event, { title: 'Late', room: 'A', start_at: plusMinutes(event.end_at, -30), end_at: plusMinutes(event.end_at, 1) });
    expect(late.status).toBe(400);
    expect(late.body.errors).toEqual([{ field: 'body.end_at', message: expect.stringContaining('must be within the event') }]);
    const backwards = await kit.addSession(org.token, event, { title: 'Back', room: 'A', start_at: plusMinutes(event.start_at, 60), end_at: plusMinutes(event.start_at, 60) });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([{ field: 'body.end_at', message: 'must be after start_at' }]);
    const big = await kit.addSession(org.token, event, { title: 'Big', room: 'A', start_at: event.start_at, end_at: plusMinutes(event.start_at, 30), capacity: 31 });
    expect(big.status).toBe(400);
    expect(big.body.errors).toEqual([{ field: 'body.capacity', message: "must be at most the event's capacity (30)" }]);
    const noRoom = await kit.addSession(org.token, event, { title: 'Roomless', start_at: event.start_at, end_at: plusMinutes(event.start_at, 30) });
    expect(noRoom.status).toBe(400);
    expect(noRoom.body.errors[0].field).toBe('body.room');
    expect((await kit.pool.query('SELECT count(*)::int AS n FROM sessions WHERE event_id = $1', [event.id])).rows[0].n).toBe(0);
  });

  it('when two sessions overlap in one room, then 409 SESSION_CONFLICT; another room, back to back, or another event is fine', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token);
    await kit.session(org.token, event, { offsetMinutes: 60, minutes: 60, room: 'Room A' });
    const clash = await kit.addSession(org.token, event, { title: 'Clash', room: 'room a', start_at: plusMinutes(event.start_at, 90), end_at: plusMinutes(event.start_at, 150) });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ code: 'SESSION_CONFLICT', room: 'room a' });
    expect((await kit.addSession(org.token, event, { title: 'B', room: 'Room B', start_at: plusMinutes(event.start_at, 90), end_at: plusMinutes(event.start_at, 150) })).status).toBe(201);
    expect((await kit.addSession(org.token, event, { title: 'After', room: 'Room A', start_at: plusMinutes(event.start_at, 120), end_at: plusMinutes(event.start_at, 180) })).status).toBe(201);
    expect((await kit.addSession(org.token, event, { title: 'Before', room: 'Room A', start_at: event.start_at, end_at: plusMinutes(event.start_at, 60) })).status).toBe(201);
    const other = await kit.published(org.token, { start_at: event.start_at, end_at: event.end_at });
    expect((await kit.session(org.token, other, { offsetMinutes: 60, minutes: 60, room: 'Room A' })).event_id).toBe(other.id);
  });

  it('when a session is edited, then the rules still hold: overlap 409, outside 400, capacity not below the places taken 409', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token, { capacity: 50 });
    const morning = await kit.session(org.token, event, { offsetMinutes: 0, minutes: 60, room: 'A', capacity: 10 });
    const noon = await kit.session(org.token, event, { offsetMinutes: 120, minutes: 60, room: 'A', capacity: 10 });
    const moved = await kit.call('PUT', `/api/sessions/${noon.id}`, { token: org.token, body: { start_at: plusMinutes(event.start_at, 30) } });
    expect(moved.status).toBe(409);
    expect(moved.body.code).toBe('SESSION_CONFLICT');
    const outside = await kit.call('PUT', `/api/sessions/${noon.id}`, { token: org.token, body: { end_at: plusMinutes(event.end_at, 60) } });
    expect(outside.status).toBe(400);
    const tooBig = await kit.call('PUT', `/api/sessions/${noon.id}`, { token: org.token, body: { capacity: 51 } });
    expect(tooBig.status).toBe(400);
    for (let i = 0; i < 3; i += 1) expect((await kit.register(kit.user().token, event.id, [morning.id])).status).toBe(201);
    const below = await kit.call('PUT', `/api/sessions/${morning.id}`, { token: org.token, body: { capacity: 2 } });
    expect(below.status).toBe(409);
    expect(below.body.errors).toEqual([{ field: 'body.capacity', message: 'must be at least 3, the places already taken' }]);

    const ok = await kit.call('PUT', `/api/sessions/${noon.id}`, { token: org.token, body: { title: 'Lunch talk', room: 'B', start_at: plusMinutes(event.start_at, 30), speaker: 'Grace' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ title: 'Lunch talk', room: 'B', speaker: 'Grace', start_at: plusMinutes(event.start_at, 30), end_at: noon.end_at });
    expect((await kit.call('PUT', `/api/sessions/${noon.id}`, { token: org.token, body: { speaker: null } })).body.speaker).toBeNull();
  });

  it('when a session moves onto the time of another session its attendees chose, then 409 SCHEDULE_CONFLICT and nothing moves; elsewhere it moves', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token);
    const talk = await kit.session(org.token, event, { offsetMinutes: 0, minutes: 60, room: 'Room A' });
    const workshop = await kit.session(org.token, event, { offsetMinutes: 120, minutes: 60, room: 'Room B' });
    const lonely = await kit.session(org.token, event, { offsetMinutes: 240, minutes: 60, room: 'Room C' });
    const ada = kit.user();
    expect((await kit.register(ada.token, event.id, [talk.id, workshop.id])).status).toBe(201);
    expect((await kit.register(kit.user().token, event.id, [lonely.id])).status).toBe(201);

    const onto = { start_at: plusMinutes(event.start_at, 30), end_at: plusMinutes(event.start_at, 90) };
    const refused = await kit.call('PUT', `/api/sessions/${workshop.id}`, { token: org.token, body: onto });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'SCHEDULE_CONFLICT', registrations: 1, session_ids: [talk.id] });
    const row = (await kit.pool.query('SELECT start_at FROM sessions WHERE id = $1', [workshop.id])).rows[0];
    expect(new Date(row.start_at).toISOString()).toBe(workshop.start_at);

    // Back to back with the talk is no clash; a session whose attendees chose nothing else moves anywhere.
    const after = { start_at: plusMinutes(event.start_at, 60), end_at: plusMinutes(event.start_at, 120) };
    expect((await kit.call('PUT', `/api/sessions/${workshop.id}`, { token: org.token, body: after })).status).toBe(200);
    expect((await kit.call('PUT', `/api/sessions/${lonely.id}`, { token: org.token, body: onto })).status).toBe(200);
  });

  it('when a stranger writes sessions, then 403; on a cancelled event 409; unknown ids 404', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token);
    const session = await kit.session(org.token, event);
    const stranger = kit.organizer();
    expect((await kit.addSession(stranger.token, event, { title: 'x', room: 'Z', start_at: event.start_at, end_at: plusMinutes(event.start_at, 10) })).status).toBe(403);
    expect((await kit.call('PUT', `/api/sessions/${session.id}`, { token: stranger.token, body: { title: 'x' } })).status).toBe(403);
    expect((await kit.call('DELETE', `/api/sessions/${session.id}`, { token: stranger.token })).status).toBe(403);
    expect((await kit.call('PUT', `/api/sessions/${randomUUID()}`, { token: org.token, body: { title: 'x' } })).status).toBe(404);
    expect((await kit.addSession(org.token, { id: randomUUID() }, { title: 'x', room: 'Z', start_at: event.start_at, end_at: plusMinutes(event.start_at, 10) })).status).toBe(404);
    const draft = await kit.draft(org.token);
    expect((await kit.addSession(stranger.token, draft, { title: 'x', room: 'Z', start_at: draft.start_at, end_at: plusMinutes(draft.start_at, 10) })).status).toBe(404);

    expect((await kit.call('POST', `/api/events/${event.id}/cancel`, { token: org.token })).status).toBe(200);
    const onCancelled = await kit.addSession(org.token, event, { title: 'x', room: 'Z', start_at: event.start_at, end_at: plusMinutes(event.start_at, 10) });
    expect(onCancelled.status).toBe(409);
    expect(onCancelled.body.code).toBe('CONFLICT');
  });

  it('when a session nobody registered for is deleted, then it is gone; with registrations it is 409', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token);
    const empty = await kit.session(org.token, event, { room: 'A' });
    const chosen = await kit.session(org.token, event, { room: 'B' });
    expect((await kit.register(kit.user().token, event.id, [chosen.id])).status).toBe(201);
    expect((await kit.call('DELETE', `/api/sessions/${empty.id}`, { token: org.token })).status).toBe(204);
    const refused = await kit.call('DELETE', `/api/sessions/${chosen.id}`, { token: kit.user('admin').token });
    expect(refused.status).toBe(409);
    expect((await kit.call('GET', `/api/events/${event.id}`)).body.sessions.map((s: { id: string }) => s.id)).toEqual([chosen.id]);
    expect((await kit.call('DELETE', `/api/sessions/${empty.id}`, { token: org.token })).status).toBe(404);
  });
});
