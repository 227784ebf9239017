import { randomUUID } from 'node:crypto';
import { ServiceTestKit, waitUntil } from '@marquee/testing';
import { notificationsService } from '../app';
import { registered, ticketConfirmed } from '../test-support/builders';
import { SmtpStandIn } from '../test-support/smtp-stand-in';
import { UsersStandIn } from '../test-support/users-stand-in';

const INTERNAL_TOKEN = 'internal-token-of-the-platform-0123456789';

describe('notifications service: e-mail deliveries over SMTP', () => {
  const smtp = new SmtpStandIn();
  const users = new UsersStandIn();
  const kit = new ServiceTestKit(notificationsService);
  const admin = () => kit.user('admin').token;
  // An account that exists before this service first starts: the backfill brings it.
  const early = { id: randomUUID(), email: 'early@example.com', name: 'Early Bird', phone_number: '+15550001111' };

  beforeAll(async () => {
    await smtp.start();
    await users.start();
    users.token = INTERNAL_TOKEN;
    users.add(early);
    await kit.start({
      SMTP_URL: smtp.url,
      USERS_URL: users.url,
      INTERNAL_TOKEN,
      NOTIFICATIONS_TIMEZONE: 'Europe/Paris',
      DELIVERY_INTERVAL_MS: '50',
      DELIVERY_BACKOFF_MS: '50',
      DELIVERY_BACKOFF_MAX_MS: '200',
      DELIVERY_MAX_ATTEMPTS: '3',
      USERS_BACKFILL_INTERVAL_MS: '200',
    });
  });
  afterAll(async () => {
    await kit.stop();
    await users.stop();
    await smtp.stop();
  });

  const mailTo = (address: string, count = 1) =>
    waitUntil(() => (smtp.to(address).length >= count ? smtp.to(address) : undefined), { message: `${count} mail(s) to ${address}` });
  const deliveryRows = async (template: string, userId: string) =>
    (await kit.pool.query('SELECT status, attempts, last_error, recipient, payload FROM deliveries WHERE template = $1 AND user_id = $2', [template, userId])).rows;

  it('when a user registers, then a welcome mail arrives, and a name with markup arrives escaped in the HTML', async () => {
    const user = registered({ name: '<script>alert(1)</script> Ada' });
    await kit.deliver('user.registered', user);
    const [mail] = await mailTo(user.email);
    expect(mail?.subject).toBe('Welcome to Marquee');
    expect(mail?.from).toBe('no-reply@marquee.local');
    expect(mail?.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Ada');
    expect(mail?.html).not.toContain('<script>');
    expect(mail?.text).toContain('Hello <script>alert(1)</script> Ada,');
  });

  it('when a password reset is requested, then the mail carries the 6-digit code, and the sent row keeps no code', async () => {
    const user = registered();
    await kit.deliver('user.password_reset_requested', {
      user_id: user.user_id,
      email: user.email,
      name: 'Ada',
      otp_code: '482913',
      expires_at: '2030-01-01T10:15:00.000Z',
    });
    const [mail] = await mailTo(user.email);
    expect(mail?.subject).toBe('Your Marquee password reset code');
    expect(mail?.text).toMatch(/\b482913\b/);
    expect(mail?.html).toContain('482913');
    await waitUntil(async () => (await deliveryRows('password_reset', user.user_id))[0]?.status === 'sent', { message: 'reset sent' });
    const [row] = await deliveryRows('password_reset', user.user_id);
    expect(row.payload).not.toHaveProperty('otp_code');
    expect(JSON.stringify(row)).not.toContain('482913');
    // No in-app notification carries the code.
    expect((await kit.pool.query('SELECT 1 FROM notifications WHERE user_id = $1', [user.user_id])).rowCount).toBe(0);
  });

  it("when a ticket in a Bogotá theater is confirmed, then the e-ticket reads the theater's time (19:30 GMT-5), not NOTIFICATIONS_TIMEZONE's", async () => {
    const user = registered({ name: 'Gabriel García' });
    await kit.deliver('user.registered', user);
    // 00:30 UTC on 4 May: 19:30 on 3 May in Bogotá, 02:30 on 4 May in Paris (the configured zone).
    const ticket = ticketConfirmed(user.user_id, { theater_timezone: 'America/Bogota', theater_name: 'Sala 1', start_time: '2030-05-04T00:30:00.000Z' });
    await kit.deliver('ticket.confirmed', ticket);
    const mail = await waitUntil(() => smtp.to(user.email).find((m) => m.subject === 'Your tickets for The Long Take'), { message: 'the e-ticket' });
    expect(mail.text).toContain('When:     Friday, 3 May 2030 at 19:30 GMT-5');
    expect(mail.html).toContain('<td>Friday, 3 May 2030 at 19:30 GMT-5</td>');
    expect(mail.text).not.toContain('02:30');
  });

  it('when a ticket.confirmed from before events carried the theater timezone arrives, then the e-ticket arrives with the film, the time in the configured timezone, the theater, the seats and the amount', async () => {
    const user = registered({ name: 'Grace Hopper' });
    await kit.deliver('user.registered', user);
    const ticket = ticketConfirmed(user.user_id, { seats: ['C7', 'C8'], amount: 25, start_time: '2030-05-03T19:30:00.000Z' });
    expect(ticket).not.toHaveProperty('theater_timezone');
    await kit.deliver('ticket.confirmed', ticket);
    const mail = await waitUntil(() => smtp.to(user.email).find((m) => m.subject === 'Your tickets for The Long Take'), { message: 'the e-ticket' });
    expect(mail.text).toContain('Hello Grace Hopper,');
    expect(mail.text).toContain('Seats:    C7, C8');
    expect(mail.text).toContain('Hall 1');
    expect(mail.text).toContain('$25.00');
    // 19:30 UTC is 21:30 in Paris in May (CEST).
    expect(mail.text).toMatch(/3 May 2030.*21:30/);
    expect(mail.html).toContain('<td>C7, C8</td>');
    const inApp = await kit.call('GET', '/api/notifications', { token: kit.user('user', user.user_id).token });
    expect(inApp.body.items.map((n: { type: string }) => n.type)).toEqual(['e_ticket', 'welcome']);
    expect(inApp.body.items[0]).toMatchObject({ title: 'Your tickets for The Long Take', movie_id: ticket.movie_id, read: false });
  });

  it('when the same event arrives twice, then one mail is sent and one notification kept', async () => {
    const user = registered();
    const event = await kit.deliver('user.registered', user);
    await kit.observer.publishEvent(event);
    const ticket = ticketConfirmed(user.user_id);
    const first = await kit.deliver('ticket.confirmed', ticket);
    await kit.observer.publishEvent(first);
    await mailTo(user.email, 2);
    // A later event handled, and one more pass of the sender: the duplicates had their chance to add mail.
    await kit.deliver('user.updated', { ...user, name: 'After' });
    await kit.handle.api.sendDue();
    expect(smtp.to(user.email).map((m) => m.subject).sort()).toEqual(['Welcome to Marquee', 'Your tickets for The Long Take']);
    expect((await kit.pool.query('SELECT count(*)::int AS n FROM deliveries WHERE user_id = $1', [user.user_id])).rows[0].n).toBe(2);
    expect((await kit.pool.query('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1', [user.user_id])).rows[0].n).toBe(2);
  });

  it('when the SMTP server refuses a message twice, then it is retried with backoff and arrives on the third attempt', async () => {
    const user = registered();
    smtp.rejectNext(user.email, 2);
    await kit.deliver('user.registered', user);
    await mailTo(user.email);
    await waitUntil(async () => (await deliveryRows('welcome', user.user_id))[0]?.status === 'sent', { message: 'sent' });
    const [row] = await deliveryRows('welcome', user.user_id);
    expect(row).toMatchObject({ status: 'sent', attempts: 3, last_error: null, recipient: user.email });
    expect(smtp.to(user.email)).toHaveLength(1);
  });

  it('when the read model is empty at start, then it is backfilled from the users service with the internal token', async () => {
    await waitUntil(async () => (await kit.pool.query('SELECT 1 FROM known_users WHERE user_id = $1', [early.id])).rowCount === 1, { message: 'backfill' });
    expect(users.seen).toContainEqual({ path: '/internal/users?page=1&limit=100', authorization: `Bearer ${INTERNAL_TOKEN}` });
    await kit.deliver('loyalty.tier_changed', { user_id: early.id, from: 'bronze', to: 'silver', lifetime_points: 1200 });
    const [mail] = await mailTo(early.email);
    expect(mail?.subject).toBe('Your Marquee membership is now silver');
    expect(mail?.text).toContain('Hello Early Bird,');
  });

  it('when a recipient is unknown to the read model, then the users service is asked before giving up', async () => {
    const late = { id: randomUUID(), email: 'late@example.com', name: 'Late Comer' };
    users.add(late);
    await kit.deliver('reward.redeemed', {
      user_id: late.id,
      reward_id: randomUUID(),
      reward_name: 'Free popcorn',
      redemption_id: randomUUID(),
      cost_points: 100,
      code: 'POP-1234',
      points_left: 20,
    });
    const [mail] = await mailTo(late.email);
    expect(mail?.text).toContain('POP-1234');
    expect(users.requests).toContain(`/internal/users/${late.id}`);
    expect((await kit.pool.query('SELECT email FROM known_users WHERE user_id = $1', [late.id])).rows[0]?.email).toBe(late.email);
  });

  it('when nobody knows the recipient, then the delivery stays pending, is retried, and ends failed in the delivery log', async () => {
    const ghost = randomUUID();
    await kit.deliver('video.failed', { video_id: randomUUID(), user_id: ghost, title: 'Lost clip', status: 'failed', error: 'bad codec' });
    await waitUntil(async () => (await deliveryRows('video_failed', ghost))[0]?.status === 'failed', { message: 'failed' });
    const [row] = await deliveryRows('video_failed', ghost);
    expect(row).toMatchObject({ status: 'failed', attempts: 3, recipient: null });
    expect(row.last_error).toContain('is not known');
    const log = await kit.call('GET', '/api/notifications/deliveries?status=failed&channel=email', { token: admin() });
    expect(log.status).toBe(200);
    const entry = log.body.items.find((d: { user_id: string }) => d.user_id === ghost);
    expect(entry).toMatchObject({ channel: 'email', template: 'video_failed', status: 'failed', attempts: 3, next_attempt_at: null, sent_at: null });
    expect(log.body.items.every((d: { status: string; channel: string }) => d.status === 'failed' && d.channel === 'email')).toBe(true);
  });

  it('when an admin sends an e-mail and an SMS, then both are queued (202), sent, and listed; others get 403 and bad bodies 400', async () => {
    const mail = await kit.call('POST', '/api/notifications/send-email', {
      token: admin(),
      body: { to: 'someone@example.com', subject: 'Hello <b>there</b>', text: 'Line one\n<i>two</i>' },
    });
    expect(mail.status).toBe(202);
    expect(mail.body).toEqual({ delivery_id: expect.any(String), status: 'pending' });
    const [received] = await mailTo('someone@example.com');
    expect(received?.subject).toBe('Hello <b>there</b>');
    expect(received?.text).toContain('Line one\n<i>two</i>');
    expect(received?.html).toContain('&lt;i&gt;two&lt;/i&gt;');

    const sms = await kit.call('POST', '/api/notifications/send-sms', { token: admin(), body: { to: '+15551234567', text: 'Doors open at 7' } });
    expect(sms.status).toBe(202);
    await waitUntil(async () => (await kit.call('GET', '/api/notifications/deliveries?channel=sms&status=sent', { token: admin() })).body.items.some((d: { id: string }) => d.id === sms.body.delivery_id), {
      message: 'sms sent',
    });

    expect((await kit.call('POST', '/api/notifications/send-email', { token: kit.user().token, body: { to: 'a@example.com', subject: 's', text: 't' } })).status).toBe(403);
    expect((await kit.call('GET', '/api/notifications/deliveries', { token: kit.user().token })).status).toBe(403);
    const bad = await kit.call('POST', '/api/notifications/send-email', { token: admin(), body: { to: 'not-an-address', subject: 'a\r\nBcc: x@y.z', text: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.subject', 'body.text', 'body.to']);
    const badSms = await kit.call('POST', '/api/notifications/send-sms', { token: admin(), body: { to: '555', text: 'x' } });
    expect(badSms.status).toBe(400);
    expect(badSms.body.errors).toEqual([{ field: 'body.to', message: expect.stringContaining('E.164') }]);
    const badFilter = await kit.call('GET', '/api/notifications/deliveries?status=lost', { token: admin() });
    expect(badFilter.status).toBe(400);
  });
});
