import { ServiceTestKit, formatFindings } from '@marquee/testing';
import { videosService } from '../app';

describe('videos service: items', () => {
  const kit = new ServiceTestKit(videosService);
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when a user creates items, then they list newest first, only for their owner', async () => {
    const me = kit.user();
    const first = await kit.call('POST', '/api/videos/items', { token: me.token, body: { title: '  First   item ' } });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.any(String), owner_id: me.userId, title: 'First item', created_at: expect.any(String) });
    await kit.call('POST', '/api/videos/items', { token: me.token, body: { title: 'Second item' } });

    const mine = await kit.call('GET', '/api/videos/items?limit=1', { token: me.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ page: 1, limit: 1, total: 2, total_pages: 2 });
    expect(mine.body.items.map((i: { title: string }) => i.title)).toEqual(['Second item']);
    expect((await kit.call('GET', '/api/videos/items', { token: kit.user().token })).body.total).toBe(0);
  });

  it('when the title repeats for one owner, then 409; when the body is bad, then 400 naming the field; without a token, 401', async () => {
    const me = kit.user();
    expect((await kit.call('POST', '/api/videos/items', { token: me.token, body: { title: 'Once' } })).status).toBe(201);
    const again = await kit.call('POST', '/api/videos/items', { token: me.token, body: { title: 'Once' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');
    const bad = await kit.call('POST', '/api/videos/items', { token: me.token, body: { title: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'body.title', message: 'is required' }]);
    expect((await kit.call('GET', '/api/videos/items')).status).toBe(401);
  });

  it('when every route gets hostile input, then no answer is a 5xx and no refusal writes a row', async () => {
    const report = await kit.sweep();
    expect(formatFindings(report.findings)).toBe('');
    expect(report.requests).toBeGreaterThan(30);
  });
});
