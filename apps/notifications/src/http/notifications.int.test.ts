import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ServiceTestKit, formatFindings, waitUntil } from '@marquee/testing';
import { notificationsService } from '../app';
import { registered, ticketConfirmed } from '../test-support/builders';

describe('notifications service: in-app notifications, the local outbox folder and hostile input', () => {
  const outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-mail-outbox-'));
  const kit = new ServiceTestKit(notificationsService);
  // No SMTP_URL: mail goes to the outbox folder. Nothing listens on the users URL.
  beforeAll(() => kit.start({ MAIL_OUTBOX_DIR: outbox, USERS_URL: 'http://127.0.0.1:9', DELIVERY_INTERVAL_MS: '50' }));
  afterAll(async () => {
    await kit.stop();
    fs.rmSync(outbox, { recursive: true, force: true });
  });

  /** A user with `n` notifications: a welcome and n - 1 e-tickets, oldest first. */
  async function userWith(n: number) {
    const user = registered();
    await kit.deliver('user.registered', user);
    for (let i = 1; i < n; i++) await kit.deliver('ticket.confirmed', ticketConfirmed(user.user_id, { movie_title: `Film ${i}` }));
    return { user, token: kit.user('user', user.user_id).token };
  }

  it('when events reach a user, then their list is newest first, paged, with unread_count, on both paths', async () => {
    const { token } = await userWith(3);
    const page = await kit.call('GET', '/api/notifications?limit=2', { token });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ page: 1, limit: 2, total: 3, total_pages: 2, unread_count: 3 });
    expect(page.body.items.map((n: { title: string }) => n.title)).toEqual(['Your tickets for Film 2', 'Your tickets for Film 1']);
    expect(Object.keys(page.body.items[0]).sort()).toEqual(['created_at', 'id', 'message', 'movie_id', 'read', 'title', 'type']);
    const alias = await kit.call('GET', '/api/profile/notifications?page=2&limit=2', { token });
    expect(alias.body.items.map((n: { type: string }) => n.type)).toEqual(['welcome']);
    expect((await kit.call('GET', '/api/notifications', { token: kit.user().token })).body).toMatchObject({ total: 0, unread_count: 0 });
    expect((await kit.call('GET', '/api/notifications')).status).toBe(401);
  });

  it('when I mark one or many read, then only mine change; someone else’s ids change nothing; unread_only leaves read ones out', async () => {
    const me = await userWith(3);
    const other = await userWith(1);
    const mine = (await kit.call('GET', '/api/notifications', { token: me.token })).body.items.map((n: { id: string }) => n.id);
    const theirs = (await kit.call('GET', '/api/notifications', { token: other.token })).body.items[0].id;

    const one = await kit.call('POST', '/api/notifications/read', { token: me.token, body: { notification_id: mine[0] } });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ marked: 1, unread_count: 2 });
    const many = await kit.call('POST', '/api/profile/notifications/read', { token: me.token, body: { notification_id: [mine[0], mine[1], theirs, randomUUID()] } });
    expect(many.body).toEqual({ marked: 1, unread_count: 1 });
    const unread = await kit.call('GET', '/api/notifications?unread_only=true', { token: me.token });
    expect(unread.body).toMatchObject({ total: 1, unread_count: 1 });
    expect(unread.body.items.map((n: { id: string }) => n.id)).toEqual([mine[2]]);
    expect((await kit.call('GET', '/api/notifications', { token: me.token })).body.items.map((n: { read: boolean }) => n.read)).toEqual([true, true, false]);
    // Theirs is untouched.
    expect((await kit.call('GET', '/api/notifications', { token: other.token })).body).toMatchObject({ unread_count: 1 });

    const bad = await kit.call('POST', '/api/notifications/read', { token: me.token, body: { notification_id: ['nope'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toMatch(/^body\.notification_id/);
    expect((await kit.call('POST', '/api/notifications/read', { token: me.token, body: { notification_id: [] } })).status).toBe(400);
    expect((await kit.call('GET', '/api/notifications?unread_only=maybe', { token: me.token })).status).toBe(400);
  });

  it('when many marks of the same notifications race, then each is marked once in all', async () => {
    const me = await userWith(4);
    const ids = (await kit.call('GET', '/api/notifications', { token: me.token })).body.items.map((n: { id: string }) => n.id);
    const answers = await Promise.all(Array.from({ length: 20 }, () => kit.call('POST', '/api/notifications/read', { token: me.token, body: { notification_id: ids } })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.reduce((sum, a) => sum + a.body.marked, 0)).toBe(4);
  });

  it('when there is no SMTP server configured, then each mail is written as an .eml file into the outbox folder', async () => {
    const user = registered({ name: 'Outbox Reader' });
    await kit.deliver('user.registered', user);
    const file = await waitUntil(
      () => fs.readdirSync(outbox).filter((f) => f.endsWith('.eml')).map((f) => fs.readFileSync(path.join(outbox, f), 'utf8')).find((m) => m.includes(`To: ${user.email}`)),
      { message: 'the .eml file' },
    );
    expect(file).toContain('Subject: Welcome to Marquee');
    expect(file).toContain('Hello Outbox Reader,');
    expect(file).toContain('Content-Type: text/html');
  });

  it('when every route gets hostile input, then no answer is a 5xx and no refusal writes a row', async () => {
    const report = await kit.sweep();
    expect(formatFindings(report.findings)).toBe('');
    expect(report.requests).toBeGreaterThan(30);
  });
});
