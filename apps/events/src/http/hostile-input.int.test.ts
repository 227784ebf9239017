import { formatFindings } from '@marquee/testing';
import { EventsTestKit, plusMinutes } from '../../test/events-test-kit';

describe('events service: hostile input on every route', () => {
  const kit = new EventsTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when every route gets hostile input, then no answer is a 5xx and no refusal writes a row', async () => {
    const admin = kit.user('admin');
    const event = await kit.published(admin.token, { capacity: 500 });
    const session = await kit.session(admin.token, event, { room: 'Sweep', minutes: 30 });
    const doc = (await kit.call('GET', '/openapi.json')).body;
    const operations = Object.entries<Record<string, unknown>>(doc.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    const sessionRoutes = operations.filter((op) => op.includes('/api/sessions/{id}'));
    // Cancelling the event it sweeps would stop the routes after it at a 409; it gets its own pass.
    const cancel = 'POST /api/events/{id}/cancel';
    const bodies = {
      'POST /api/events': kit.eventInput(),
      'POST /api/sessions': { event_id: event.id, title: 'Sweep', room: 'Hall', start_at: plusMinutes(event.start_at, 60), end_at: plusMinutes(event.start_at, 90) },
      'POST /api/events/{id}/sessions': { title: 'Sweep', room: 'Stage', start_at: plusMinutes(event.start_at, 60), end_at: plusMinutes(event.start_at, 90) },
      'PUT /api/sessions/{id}': { title: 'Swept' },
      'POST /api/events/{id}/register': { session_ids: [session.id] },
    };

    const onEvents = await kit.sweep({ pathValues: { id: event.id }, bodies, skip: [...sessionRoutes, cancel] });
    const onSessions = await kit.sweep({ pathValues: { id: session.id }, bodies, skip: operations.filter((op) => !sessionRoutes.includes(op)) });
    const onCancel = await kit.sweep({ pathValues: { id: event.id }, skip: operations.filter((op) => op !== cancel) });

    expect(formatFindings([...onEvents.findings, ...onSessions.findings, ...onCancel.findings])).toBe('');
    expect(onEvents.operations + onSessions.operations + onCancel.operations).toBe(operations.length);
    expect(operations).toHaveLength(15);
    expect(onEvents.requests + onSessions.requests + onCancel.requests).toBeGreaterThan(500);
  });
});
