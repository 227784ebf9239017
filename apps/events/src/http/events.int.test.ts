import { randomUUID } from 'node:crypto';
import { EventsTestKit, hoursFromNow, plusMinutes } from '../../test/events-test-kit';

describe('events service: events from draft to cancelled', () => {
  const kit = new EventsTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when an organizer creates an event, then it is their draft with the contract fields, visible to them and admins only', async () => {
    const org = kit.organizer();
    const start = hoursFromNow(48);
    const res = await kit.call('POST', '/api/events', {
      token: org.token,
      body: { title: '  Rust   for Backends ', description: ' Two talks. ', location: 'Porto', category: ' Workshop ', start_at: start, end_at: plusMinutes(start, 120), capacity: 40 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      title: 'Rust for Backends',
      description: 'Two talks.',
      location: 'Porto',
      category: 'workshop',
      start_at: start,
      end_at: plusMinutes(start, 120),
      capacity: 40,
      registered: 0,
      status: 'draft',
      organizer_id: org.userId,
    });
    const id = res.body.id;
    expect((await kit.call('GET', `/api/events/${id}`, { token: org.token })).body).toMatchObject({ id, status: 'draft', sessions: [] });
    expect((await kit.call('GET', `/api/events/${id}`, { token: kit.user('admin').token })).status).toBe(200);
    expect((await kit.call('GET', `/api/events/${id}`)).status).toBe(404);
    expect((await kit.call('GET', `/api/events/${id}`, { token: kit.organizer().token })).status).toBe(404);
  });

  it('when a plain user or nobody creates an event, then 403 or 401; bad bodies are 400 naming the field', async () => {
    expect((await kit.call('POST', '/api/events', { token: kit.user().token, body: kit.eventInput() })).status).toBe(403);
    expect((await kit.call('POST', '/api/events', { body: kit.eventInput() })).status).toBe(401);
    const org = kit.organizer();
    const start = hoursFromNow(10);
    const backwards = await kit.call('POST', '/api/events', { token: org.token, body: kit.eventInput({ start_at: start, end_at: start }) });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([{ field: 'body.end_at', message: 'must be after start_at' }]);
    const past = await kit.call('POST', '/api/events', { token: org.token, body: kit.eventInput({ start_at: hoursFromNow(-5), end_at: hoursFromNow(5) }) });
    expect(past.status).toBe(400);
    expect(past.body.errors).toEqual([{ field: 'body.start_at', message: 'must be in the future' }]);
    const noCapacity = await kit.call('POST', '/api/events', { token: org.token, body: kit.eventInput({ capacity: 0, title: '' }) });
    expect(noCapacity.status).toBe(400);
    expect(noCapacity.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.capacity', 'body.title']);
    expect((await kit.call('POST', '/api/events', { token: kit.user('admin').token, body: kit.eventInput() })).status).toBe(201);
  });

  it('when the owner publishes a draft, then it is public and event.published is announced; publishing again is 409', async () => {
    const org = kit.organizer();
    const draft = await kit.draft(org.token, { title: 'Published Talk' });
    expect((await kit.call('POST', `/api/events/${draft.id}/publish`, { token: kit.organizer().token })).status).toBe(404);
    const res = await kit.call('POST', `/api/events/${draft.id}/publish`, { token: org.token });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('published');
    expect((await kit.call('GET', `/api/events/${draft.id}`)).body.status).toBe('published');
    const announced = await kit.event('event.published', (d) => d.event_id === draft.id);
    expect(announced.data).toEqual({
      event_id: draft.id,
      title: 'Published Talk',
      organizer_id: org.userId,
      category: 'conference',
      location: 'Lisbon',
      start_at: draft.start_at,
      end_at: draft.end_at,
      capacity: 100,
      registered: 0,
      status: 'published',
    });
    const again = await kit.call('POST', `/api/events/${draft.id}/publish`, { token: org.token });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');
    // Someone else now sees it, but may not act on it.
    expect((await kit.call('POST', `/api/events/${draft.id}/cancel`, { token: kit.organizer().token })).status).toBe(403);
  });

  it('when the owner or an admin edits an event, then only the given fields change; a stranger gets 403', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token);
    const res = await kit.call('PUT', `/api/events/${event.id}`, { token: org.token, body: { title: 'Renamed', location: null, capacity: 150 } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...event, title: 'Renamed', location: null, capacity: 150 });
    const byAdmin = await kit.call('PUT', `/api/events/${event.id}`, { token: kit.user('admin').token, body: { description: 'By the admin' } });
    expect(byAdmin.body).toMatchObject({ title: 'Renamed', description: 'By the admin' });
    expect((await kit.call('PUT', `/api/events/${event.id}`, { token: kit.organizer().token, body: { title: 'Mine now' } })).status).toBe(403);
    const backwards = await kit.call('PUT', `/api/events/${event.id}`, { token: org.token, body: { end_at: event.start_at } });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([{ field: 'body.end_at', message: 'must be after start_at' }]);
  });

  it('when the capacity would go below the places taken, then 409 naming the field and nothing changes', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token, { capacity: 5 });
    for (let i = 0; i < 3; i += 1) expect((await kit.register(kit.user().token, event.id)).status).toBe(201);
    const res = await kit.call('PUT', `/api/events/${event.id}`, { token: org.token, body: { capacity: 2 } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CONFLICT', registered: 3, errors: [{ field: 'body.capacity', message: 'must be at least 3, the places already taken' }] });
    expect(await kit.eventRow(event.id)).toMatchObject({ capacity: 5, registered: 3 });
    expect((await kit.call('PUT', `/api/events/${event.id}`, { token: org.token, body: { capacity: 3 } })).body.capacity).toBe(3);
    expect((await kit.register(kit.user().token, event.id)).body.code).toBe('EVENT_FULL');
  });

  it('when the capacity is lowered below a session, then the session comes down with it; a span that would leave a session outside is 400', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token, { capacity: 100 });
    const session = await kit.session(org.token, event, { offsetMinutes: 60, minutes: 60, capacity: 80 });
    expect((await kit.call('PUT', `/api/events/${event.id}`, { token: org.token, body: { capacity: 50 } })).status).toBe(200);
    expect(await kit.sessionRow(session.id)).toMatchObject({ capacity: 50 });
    const tooShort = await kit.call('PUT', `/api/events/${event.id}`, { token: org.token, body: { end_at: plusMinutes(event.start_at, 90) } });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.errors).toEqual([{ field: 'body.end_at', message: expect.stringContaining('must be at or after the end of the last session') }]);
    const lateStart = await kit.call('PUT', `/api/events/${event.id}`, { token: org.token, body: { start_at: plusMinutes(event.start_at, 61) } });
    expect(lateStart.status).toBe(400);
    expect(lateStart.body.errors[0].field).toBe('body.start_at');
    expect((await kit.call('PUT', `/api/events/${event.id}`, { token: org.token, body: { end_at: plusMinutes(event.start_at, 120) } })).status).toBe(200);
  });

  it('when the owner cancels a published event, then registration closes and event.cancelled names every attendee and the reason', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token);
    const attendees = [kit.user(), kit.user(), kit.user()];
    for (const a of attendees) expect((await kit.register(a.token, event.id)).status).toBe(201);
    expect((await kit.call('DELETE', `/api/events/${event.id}/register`, { token: attendees[2]?.token })).status).toBe(204);

    const res = await kit.call('POST', `/api/events/${event.id}/cancel`, { token: org.token, body: { reason: 'The speaker is ill' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', registered: 2 });
    const told = await kit.event('event.cancelled', (d) => d.event_id === event.id);
    expect(told.data).toMatchObject({ status: 'cancelled', reason: 'The speaker is ill', registered: 2, capacity: 100, title: event.title });
    expect([...told.data.attendee_ids].sort()).toEqual([attendees[0]?.userId, attendees[1]?.userId].sort());

    const late = await kit.register(kit.user().token, event.id);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('EVENT_NOT_OPEN');
    expect((await kit.call('POST', `/api/events/${event.id}/cancel`, { token: org.token })).status).toBe(409);
    expect((await kit.call('PUT', `/api/events/${event.id}`, { token: org.token, body: { title: 'Back on' } })).status).toBe(409);
    // Still readable, so its attendees can see what happened.
    expect((await kit.call('GET', `/api/events/${event.id}`)).body.status).toBe('cancelled');
  });

  it('when a draft is cancelled, then 409 (delete it instead); without a body the cancel has no reason', async () => {
    const org = kit.organizer();
    const draft = await kit.draft(org.token);
    expect((await kit.call('POST', `/api/events/${draft.id}/cancel`, { token: org.token })).status).toBe(409);
    const event = await kit.published(org.token);
    expect((await kit.call('POST', `/api/events/${event.id}/cancel`, { token: org.token })).status).toBe(200);
    expect((await kit.event('event.cancelled', (d) => d.event_id === event.id)).data).toMatchObject({ reason: null, attendee_ids: [] });
  });

  it('when an event is deleted, then it is 404 on read and for every action, but its row is kept', async () => {
    const org = kit.organizer();
    const event = await kit.draft(org.token);
    expect((await kit.call('DELETE', `/api/events/${event.id}`, { token: kit.organizer().token })).status).toBe(404);
    expect((await kit.call('DELETE', `/api/events/${event.id}`, { token: org.token })).status).toBe(204);
    expect((await kit.call('GET', `/api/events/${event.id}`, { token: org.token })).status).toBe(404);
    expect((await kit.call('PUT', `/api/events/${event.id}`, { token: org.token, body: { title: 'x' } })).status).toBe(404);
    expect((await kit.call('POST', `/api/events/${event.id}/publish`, { token: org.token })).status).toBe(404);
    expect((await kit.call('DELETE', `/api/events/${event.id}`, { token: org.token })).status).toBe(404);
    expect((await kit.eventRow(event.id)).deleted_at).toBeInstanceOf(Date);
  });

  it('when a published event that is not over is deleted, then 409 until it is cancelled; one that is over can go', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token);
    const refused = await kit.call('DELETE', `/api/events/${event.id}`, { token: org.token });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CONFLICT');
    expect((await kit.call('POST', `/api/events/${event.id}/cancel`, { token: org.token })).status).toBe(200);
    expect((await kit.call('DELETE', `/api/events/${event.id}`, { token: kit.user('admin').token })).status).toBe(204);

    const past = await kit.published(org.token);
    await kit.endEvent(past.id);
    expect((await kit.call('DELETE', `/api/events/${past.id}`, { token: org.token })).status).toBe(204);
  });

  it('when an id is not a UUID or unknown, then 400 or 404', async () => {
    const bad = await kit.call('GET', '/api/events/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'params.id', message: 'must be a UUID' }]);
    expect((await kit.call('GET', `/api/events/${randomUUID()}`)).status).toBe(404);
  });

  it('when an event is over, then it takes no registration and cannot be published', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token);
    await kit.endEvent(event.id);
    const res = await kit.register(kit.user().token, event.id);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'EVENT_NOT_OPEN', detail: 'This event is over' });
    const draft = await kit.draft(org.token);
    await kit.endEvent(draft.id);
    expect((await kit.call('POST', `/api/events/${draft.id}/publish`, { token: org.token })).status).toBe(409);
  });
});

