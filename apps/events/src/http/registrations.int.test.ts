import { randomUUID } from 'node:crypto';
import type { UserRegisteredData } from '@marquee/contracts';
import { EventsTestKit } from '../../test/events-test-kit';

describe('events service: registrations', () => {
  const kit = new EventsTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when a user registers with sessions, then places are taken in the event and each session and registration.created is announced', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token, { title: 'Node Summit' });
    const a = await kit.session(org.token, event, { offsetMinutes: 0, minutes: 60, room: 'A' });
    const b = await kit.session(org.token, event, { offsetMinutes: 60, minutes: 60, room: 'A' });
    const me = kit.user();
    const res = await kit.register(me.token, event.id, [b.id, a.id]);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      event_id: event.id,
      user_id: me.userId,
      status: 'active',
      session_ids: [a.id, b.id].sort(),
      created_at: expect.any(String),
    });
    expect(await kit.eventRow(event.id)).toMatchObject({ registered: 1 });
    expect(await kit.sessionRow(a.id)).toMatchObject({ registered: 1 });
    expect(await kit.sessionRow(b.id)).toMatchObject({ registered: 1 });
    const told = await kit.event('registration.created', (d) => d.registration_id === res.body.id);
    expect(told.data).toEqual({
      registration_id: res.body.id,
      event_id: event.id,
      user_id: me.userId,
      session_ids: [a.id, b.id].sort(),
      event_title: 'Node Summit',
      event_start_at: event.start_at,
    });
    const detail = await kit.call('GET', `/api/events/${event.id}`);
    expect(detail.body.registered).toBe(1);
    expect(detail.body.sessions.map((s: { registered: number }) => s.registered)).toEqual([1, 1]);
  });

  it('when a user registers without a body, then for the event only; twice is 409 ALREADY_REGISTERED', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token);
    const me = kit.user();
    const first = await kit.call('POST', `/api/events/${event.id}/register`, { token: me.token });
    expect(first.status).toBe(201);
    expect(first.body.session_ids).toEqual([]);
    const again = await kit.register(me.token, event.id);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_REGISTERED');
    expect(await kit.eventRow(event.id)).toMatchObject({ registered: 1 });
  });

  it('when two chosen sessions overlap, then 409 SCHEDULE_CONFLICT naming both, and nothing is taken', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token);
    const a = await kit.session(org.token, event, { offsetMinutes: 0, minutes: 90, room: 'A' });
    const b = await kit.session(org.token, event, { offsetMinutes: 60, minutes: 60, room: 'B' });
    const res = await kit.register(kit.user().token, event.id, [a.id, b.id]);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('SCHEDULE_CONFLICT');
    expect([...res.body.session_ids].sort()).toEqual([a.id, b.id].sort());
    expect(await kit.eventRow(event.id)).toMatchObject({ registered: 0 });
    expect(await kit.activeRegistrations(event.id)).toBe(0);
  });

  it('when a chosen session is full, then 409 SESSION_FULL naming it and the event place is not taken either', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token, { capacity: 10 });
    const small = await kit.session(org.token, event, { capacity: 1 });
    expect((await kit.register(kit.user().token, event.id, [small.id])).status).toBe(201);
    const res = await kit.register(kit.user().token, event.id, [small.id]);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'SESSION_FULL', session_ids: [small.id] });
    expect(await kit.eventRow(event.id)).toMatchObject({ registered: 1 });
    expect(await kit.activeRegistrations(event.id)).toBe(1);
  });

  it('when the event is full, then 409 EVENT_FULL', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token, { capacity: 1 });
    expect((await kit.register(kit.user().token, event.id)).status).toBe(201);
    const res = await kit.register(kit.user().token, event.id);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'EVENT_FULL', capacity: 1 });
  });

  it('when a chosen id is not a session of the event, then 400 naming its place in the list', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token);
    const other = await kit.published(org.token);
    const mine = await kit.session(org.token, event);
    const foreign = await kit.session(org.token, other);
    const res = await kit.register(kit.user().token, event.id, [mine.id, foreign.id, randomUUID()]);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'body.session_ids.1', message: 'is not a session of this event' },
      { field: 'body.session_ids.2', message: 'is not a session of this event' },
    ]);
    const twice = await kit.register(kit.user().token, event.id, [mine.id, mine.id]);
    expect(twice.status).toBe(400);
    expect(twice.body.errors).toEqual([{ field: 'body.session_ids', message: 'must not name a session twice' }]);
  });

  it('when someone registers for a draft, then 404 for a stranger and 409 EVENT_NOT_OPEN for its organizer; unknown events 404', async () => {
    const org = kit.organizer();
    const draft = await kit.draft(org.token);
    expect((await kit.register(kit.user().token, draft.id)).status).toBe(404);
    const own = await kit.register(org.token, draft.id);
    expect(own.status).toBe(409);
    expect(own.body).toMatchObject({ code: 'EVENT_NOT_OPEN', event_status: 'draft' });
    expect((await kit.register(kit.user().token, randomUUID())).status).toBe(404);
    expect((await kit.call('POST', `/api/events/${draft.id}/register`)).status).toBe(401);
  });

  it('when a user cancels a registration, then the places are free again, registration.cancelled is announced, and they may register again', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token, { capacity: 1 });
    const session = await kit.session(org.token, event, { capacity: 1 });
    const me = kit.user();
    const registration = (await kit.register(me.token, event.id, [session.id])).body;
    expect((await kit.register(kit.user().token, event.id)).body.code).toBe('EVENT_FULL');

    expect((await kit.call('DELETE', `/api/events/${event.id}/register`, { token: me.token })).status).toBe(204);
    expect(await kit.eventRow(event.id)).toMatchObject({ registered: 0 });
    expect(await kit.sessionRow(session.id)).toMatchObject({ registered: 0 });
    const told = await kit.event('registration.cancelled', (d) => d.registration_id === registration.id);
    expect(told.data).toMatchObject({ event_id: event.id, user_id: me.userId, session_ids: [session.id] });
    expect((await kit.call('DELETE', `/api/events/${event.id}/register`, { token: me.token })).status).toBe(404);

    const other = kit.user();
    expect((await kit.register(other.token, event.id, [session.id])).status).toBe(201);
    expect((await kit.register(me.token, event.id)).body.code).toBe('EVENT_FULL');
  });

  it('when I list my registrations, then I see my active ones soonest first, with cancelled events but without deleted ones', async () => {
    const org = kit.organizer();
    const later = await kit.published(org.token, { title: 'Later', start_at: new Date(Date.now() + 20 * 86_400_000).toISOString(), end_at: new Date(Date.now() + 21 * 86_400_000).toISOString() });
    const sooner = await kit.published(org.token, { title: 'Sooner', start_at: new Date(Date.now() + 2 * 86_400_000).toISOString(), end_at: new Date(Date.now() + 3 * 86_400_000).toISOString() });
    const dropped = await kit.published(org.token, { title: 'Dropped' });
    const gone = await kit.published(org.token, { title: 'Gone' });
    const session = await kit.session(org.token, later);
    const me = kit.user();
    const reg = (await kit.register(me.token, later.id, [session.id])).body;
    await kit.register(me.token, sooner.id);
    await kit.register(me.token, dropped.id);
    await kit.register(me.token, gone.id);
    await kit.call('DELETE', `/api/events/${dropped.id}/register`, { token: me.token });
    await kit.call('POST', `/api/events/${gone.id}/cancel`, { token: org.token });
    await kit.call('DELETE', `/api/events/${gone.id}`, { token: org.token });
    await kit.call('POST', `/api/events/${sooner.id}/cancel`, { token: org.token });

    const res = await kit.call('GET', '/api/events/me/registrations', { token: me.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ page: 1, limit: 20, total: 2, total_pages: 1 });
    expect(res.body.items.map((i: { title: string; status: string }) => [i.title, i.status])).toEqual([
      ['Sooner', 'cancelled'],
      ['Later', 'published'],
    ]);
    expect(res.body.items[1]).toMatchObject({ id: later.id, registered: 1, registration: { id: reg.id, session_ids: [session.id], status: 'active', created_at: reg.created_at } });
    expect((await kit.call('GET', '/api/events/me/registrations', { token: kit.user().token })).body.total).toBe(0);
    expect((await kit.call('GET', '/api/events/me/registrations')).status).toBe(401);
  });

  it('when the owner lists attendees, then they come in order with names from the user read model; a stranger gets 403', async () => {
    const org = kit.organizer();
    const event = await kit.published(org.token);
    const session = await kit.session(org.token, event);
    const ada = kit.user();
    const bob = kit.user();
    const user = (id: string, name: string): UserRegisteredData => ({
      user_id: id,
      email: `${randomUUID()}@example.com`,
      username: null,
      first_name: null,
      last_name: null,
      name,
      city: null,
      country: null,
      phone_number: null,
      genres: [],
      role: 'user',
      maturity_filter: 'all',
      preferred_language: null,
    });
    await kit.deliver('user.registered', user(ada.userId, 'Ada Lovelace'));
    await kit.register(ada.token, event.id, [session.id]);
    await kit.register(bob.token, event.id);

    const res = await kit.call('GET', `/api/events/${event.id}/attendees`, { token: org.token });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items).toEqual([
      { registration_id: expect.any(String), user_id: ada.userId, name: 'Ada Lovelace', session_ids: [session.id], registered_at: expect.any(String) },
      { registration_id: expect.any(String), user_id: bob.userId, name: null, session_ids: [], registered_at: expect.any(String) },
    ]);
    const ofSession = await kit.call('GET', `/api/events/${event.id}/attendees?session_id=${session.id}`, { token: kit.user('admin').token });
    expect(ofSession.body.items.map((a: { user_id: string }) => a.user_id)).toEqual([ada.userId]);
    expect((await kit.call('GET', `/api/events/${event.id}/attendees?session_id=${randomUUID()}`, { token: org.token })).status).toBe(404);
    expect((await kit.call('GET', `/api/events/${event.id}/attendees`, { token: ada.token })).status).toBe(403);
  });
});
