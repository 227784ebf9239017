import { randomUUID } from 'node:crypto';
import { EventsTestKit, hoursFromNow, plusMinutes, type EventBody } from '../../test/events-test-kit';

type Listed = { items: EventBody[]; total: number; page: number; limit: number; total_pages: number };

const titles = (body: Listed) => body.items.map((e) => e.title);

describe('events service: listing, search and the cache', () => {
  const kit = new EventsTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  /** A category of its own, so one test's events never show in another's lists. */
  const category = () => `cat-${randomUUID().slice(0, 8)}`;

  it('when people list events, then everyone sees published ones, an organizer also their own drafts, an admin every draft', async () => {
    const cat = category();
    const ann = kit.organizer();
    const ben = kit.organizer();
    await kit.published(ann.token, { title: 'Ann public', category: cat });
    await kit.draft(ann.token, { title: 'Ann draft', category: cat });
    await kit.draft(ben.token, { title: 'Ben draft', category: cat });
    const cancelled = await kit.published(ben.token, { title: 'Ben cancelled', category: cat });
    await kit.call('POST', `/api/events/${cancelled.id}/cancel`, { token: ben.token });
    const deleted = await kit.draft(ann.token, { title: 'Ann deleted', category: cat });
    await kit.call('DELETE', `/api/events/${deleted.id}`, { token: ann.token });

    const list = async (token?: string, extra = '') => {
      const res = await kit.call<Listed>('GET', `/api/events?category=${cat}${extra}`, { token });
      expect(res.status).toBe(200);
      return titles(res.body).sort();
    };
    expect(await list()).toEqual(['Ann public']);
    expect(await list(kit.user().token)).toEqual(['Ann public']);
    expect(await list(ann.token)).toEqual(['Ann draft', 'Ann public']);
    expect(await list(ben.token)).toEqual(['Ann public', 'Ben draft']);
    expect(await list(kit.user('admin').token)).toEqual(['Ann draft', 'Ann public', 'Ben draft']);
    expect(await list(undefined, '&status=cancelled')).toEqual(['Ben cancelled']);
    expect(await list(undefined, '&status=draft')).toEqual([]);
    expect(await list(ann.token, '&status=draft')).toEqual(['Ann draft']);
    expect(await list(ann.token, '&status=published')).toEqual(['Ann public']);
  });

  it('when q is given, then title, location and description are searched and the title match ranks first', async () => {
    const org = kit.organizer();
    const cat = category();
    const start = hoursFromNow(100);
    await kit.published(org.token, { title: 'Cooking basics', description: 'Knife skills and a little about kubernetes', category: cat, start_at: start, end_at: plusMinutes(start, 60) });
    await kit.published(org.token, { title: 'Kubernetes in production', description: 'Clusters', category: cat, start_at: plusMinutes(start, 600), end_at: plusMinutes(start, 660) });
    await kit.published(org.token, { title: 'Meetup', description: 'Open chat', location: 'Kubernetes Lounge, Berlin', category: cat });
    await kit.published(org.token, { title: 'Gardening', description: 'Plants', category: cat });

    const search = async (q: string) => {
      const res = await kit.call<Listed>('GET', `/api/events?category=${cat}&q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      return titles(res.body);
    };
    expect(await search('kubernetes')).toEqual(['Kubernetes in production', 'Meetup', 'Cooking basics']);
    expect(await search('KUBERNETES clusters')).toEqual(['Kubernetes in production']);
    expect((await search('kubernetes -clusters')).sort()).toEqual(['Cooking basics', 'Meetup']);
    expect(await search('"knife skills"')).toEqual(['Cooking basics']);
    expect(await search('berlin')).toEqual(['Meetup']);
    expect(await search('the')).toEqual([]);
    expect(await search('   ')).toHaveLength(4);
  });

  it('when category, from, to and pages are given, then they narrow the list, by start time', async () => {
    const org = kit.organizer();
    const cat = category();
    const day = (d: number) => new Date(Date.parse(hoursFromNow(24)) + d * 86_400_000).toISOString();
    for (const [title, d] of [
      ['Day 3', 3],
      ['Day 1', 1],
      ['Day 5', 5],
      ['Day 2', 2],
    ] as const) {
      await kit.published(org.token, { title, category: cat.toUpperCase(), start_at: day(d), end_at: plusMinutes(day(d), 120) });
    }
    const get = (query: string) => kit.call<Listed>('GET', `/api/events?category=${cat}${query}`);
    expect(titles((await get('')).body)).toEqual(['Day 1', 'Day 2', 'Day 3', 'Day 5']);
    expect(titles((await get(`&from=${day(2)}&to=${day(4)}`)).body)).toEqual(['Day 2', 'Day 3']);
    // Still going on at `from`: an event that began before it but ends after it is in.
    expect(titles((await get(`&from=${plusMinutes(day(1), 60)}&to=${day(2)}`)).body)).toEqual(['Day 1']);
    const second = await get('&limit=3&page=2');
    expect(second.body).toMatchObject({ page: 2, limit: 3, total: 4, total_pages: 2 });
    expect(titles(second.body)).toEqual(['Day 5']);
    const beyond = await get('&limit=3&page=9');
    expect(beyond.body).toMatchObject({ items: [], total: 4 });
    const bad = await kit.call('GET', `/api/events?from=${day(4)}&to=${day(2)}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'query.to', message: 'must be after from' }]);
    expect((await kit.call('GET', '/api/events?limit=101')).status).toBe(400);
    expect((await kit.call('GET', '/api/events?status=open')).status).toBe(400);
  });

  it('when the same list is asked twice, then the second answer is a HIT from Redis, not PostgreSQL', async () => {
    const org = kit.organizer();
    const cat = category();
    const event = await kit.published(org.token, { title: 'Cached', category: cat });
    const first = await kit.call<Listed>('GET', `/api/events?category=${cat}`);
    expect(first.headers.get('x-cache')).toBe('MISS');
    const second = await kit.call<Listed>('GET', `/api/events?category=${cat}`);
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(second.body).toEqual(first.body);
    // A change behind the service's back is not seen while the entry lives: the answer really is the cached one.
    await kit.pool.query('UPDATE events SET title = $2 WHERE id = $1', [event.id, 'Changed in SQL']);
    expect(titles((await kit.call<Listed>('GET', `/api/events?category=${cat}`)).body)).toEqual(['Cached']);
    // Another page size is another answer, so another key.
    expect((await kit.call('GET', `/api/events?category=${cat}&limit=5`)).headers.get('x-cache')).toBe('MISS');
  });

  it('when an event, its sessions or its registrations change, then the very next list and detail are misses that show the change', async () => {
    const org = kit.organizer();
    const cat = category();
    const event = await kit.published(org.token, { title: 'Live', category: cat });
    const url = `/api/events?category=${cat}`;
    const warm = async () => {
      await kit.call('GET', url);
      await kit.call('GET', `/api/events/${event.id}`);
      expect((await kit.call('GET', url)).headers.get('x-cache')).toBe('HIT');
      expect((await kit.call('GET', `/api/events/${event.id}`)).headers.get('x-cache')).toBe('HIT');
    };
    const after = async () => {
      const list = await kit.call<Listed>('GET', url);
      const detail = await kit.call('GET', `/api/events/${event.id}`);
      expect(list.headers.get('x-cache')).toBe('MISS');
      expect(detail.headers.get('x-cache')).toBe('MISS');
      return { list: list.body, detail: detail.body };
    };

    await warm();
    await kit.call('PUT', `/api/events/${event.id}`, { token: org.token, body: { title: 'Live and edited' } });
    expect(titles((await after()).list)).toEqual(['Live and edited']);

    await warm();
    const me = kit.user();
    await kit.register(me.token, event.id);
    expect((await after()).list.items[0]?.registered).toBe(1);

    await warm();
    await kit.call('DELETE', `/api/events/${event.id}/register`, { token: me.token });
    expect((await after()).detail.registered).toBe(0);

    await warm();
    const session = await kit.session(org.token, event);
    expect((await after()).detail.sessions.map((s: { id: string }) => s.id)).toEqual([session.id]);

    await warm();
    await kit.call('PUT', `/api/sessions/${session.id}`, { token: org.token, body: { title: 'Renamed session' } });
    expect((await after()).detail.sessions[0].title).toBe('Renamed session');

    await warm();
    await kit.call('DELETE', `/api/sessions/${session.id}`, { token: org.token });
    expect((await after()).detail.sessions).toEqual([]);

    await warm();
    await kit.call('POST', `/api/events/${event.id}/cancel`, { token: org.token });
    expect((await kit.call<Listed>('GET', url)).body.items).toEqual([]);
    expect((await kit.call('GET', `/api/events/${event.id}`)).body.status).toBe('cancelled');
  });

  it('when drafts are in the answer, then the key holds the caller: another organizer never gets a cached list with drafts not theirs', async () => {
    const ann = kit.organizer();
    const ben = kit.organizer();
    const cat = category();
    await kit.published(ann.token, { title: 'Shared', category: cat });
    const url = `/api/events?category=${cat}`;
    expect((await kit.call('GET', url)).headers.get('x-cache')).toBe('MISS');
    // Without drafts in the answer, users and the public share one entry.
    expect((await kit.call('GET', url, { token: kit.user().token })).headers.get('x-cache')).toBe('HIT');

    const draft = await kit.draft(ann.token, { title: 'Ann secret', category: cat });
    const annList = await kit.call<Listed>('GET', url, { token: ann.token });
    expect(titles(annList.body).sort()).toEqual(['Ann secret', 'Shared']);
    expect((await kit.call('GET', url, { token: ann.token })).headers.get('x-cache')).toBe('HIT');
    const benList = await kit.call<Listed>('GET', url, { token: ben.token });
    expect(benList.headers.get('x-cache')).toBe('MISS');
    expect(titles(benList.body)).toEqual(['Shared']);
    expect(titles((await kit.call<Listed>('GET', url)).body)).toEqual(['Shared']);

    // A cached draft detail is still only for its owner.
    expect((await kit.call('GET', `/api/events/${draft.id}`, { token: ann.token })).status).toBe(200);
    expect((await kit.call('GET', `/api/events/${draft.id}`, { token: ann.token })).headers.get('x-cache')).toBe('HIT');
    expect((await kit.call('GET', `/api/events/${draft.id}`, { token: ben.token })).status).toBe(404);
    expect((await kit.call('GET', `/api/events/${draft.id}`)).status).toBe(404);
  });

  it('when the cache is turned off, then every answer is a MISS and still right', async () => {
    const replica = await kit.startReplica({ EVENTS_CACHE_ENABLED: 'false' });
    const cat = category();
    await kit.published(kit.organizer().token, { title: 'Uncached', category: cat });
    for (let i = 0; i < 2; i += 1) {
      const res = await kit.call<Listed>('GET', `/api/events?category=${cat}`, { base: replica.url });
      expect(res.headers.get('x-cache')).toBe('MISS');
      expect(titles(res.body)).toEqual(['Uncached']);
    }
  });
});
