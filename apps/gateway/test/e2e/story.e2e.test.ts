/* eslint-disable @typescript-eslint/no-explicit-any -- answers are loosely typed JSON in tests */
// The whole story of a customer, through the gateway with every process real: register, browse,
// buy two seats, pay, get the e-ticket by mail, earn points, show up on the dashboard, refund.
import { waitUntil } from '@marquee/testing';
import { PlatformStack } from '../support/platform-stack';
import { SmtpSink } from '../support/smtp-sink';

const admin = { email: 'story-admin@example.com', password: 'admin-password-1' };
const card = { number: '4242424242424242', exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, cvc: '123' };

describe('the story of one customer, end to end', () => {
  // The customers' mail servers: a real SMTP server on loopback.
  const smtp = new SmtpSink();
  let stack: PlatformStack;
  let adminToken: string;

  beforeAll(async () => {
    await smtp.start();
    stack = new PlatformStack({
      services: ['users', 'movies', 'showtimes', 'tickets', 'payments', 'notifications', 'loyalty', 'analytics'],
      admin,
      env: { notifications: { SMTP_URL: smtp.url, DELIVERY_INTERVAL_MS: '300' } },
    });
    await stack.start();
    adminToken = (await stack.call<any>('POST', '/api/auth/login', { body: admin })).body.access_token;
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    await smtp.stop();
  }, 60_000);

  const as = (token: string) => ({ token });

  it('when a newcomer registers, buys two seats, pays and then asks for a refund, then every service tells the same story', async () => {
    // The catalogue and a showtime, as the cinema's admin sets them up.
    const movie = await stack.call<any>('POST', '/api/movies', { ...as(adminToken), body: { title: 'The Whole Story', year: 2026, synopsis: 'End to end.', runtime: 95, genres: ['Drama'] } });
    expect(movie.status).toBe(201);
    const theater = await stack.call<any>('POST', '/api/theaters', { ...as(adminToken), body: { name: 'Story Hall', rows: ['A', 'B'], seats_per_row: 5 } });
    const start = new Date(Date.now() + 4 * 24 * 3600 * 1000).toISOString();
    const created = await stack.call<any>('POST', '/api/showtimes', { ...as(adminToken), body: { movie_id: movie.body.id, theater_id: theater.body.id, start_time: start, price: 12 } });
    expect(created.status).toBe(201);

    // Register (a welcome mail) and log in.
    const email = `story-${Date.now().toString(36)}@example.com`;
    const registered = await stack.call<any>('POST', '/api/auth/register', { body: { email, password: 'password-123', name: 'Stella Story' } });
    expect(registered.status).toBe(201);
    const userId = registered.body.user.id;
    await waitUntil(() => smtp.to(email, /welcome/i).length === 1, { timeoutMs: 30_000, message: 'the welcome mail' });
    const login = await stack.call<any>('POST', '/api/auth/login', { body: { email, password: 'password-123' } });
    expect(login.status).toBe(200);
    const token = login.body.access_token;

    // Browse, find the showtime, look at the seats.
    const movies = await stack.call<any>('GET', '/api/movies?limit=100');
    expect(movies.body.items.map((m: any) => m.id)).toContain(movie.body.id);
    const showtimes = await stack.call<any>('GET', `/api/showtimes?movie_id=${movie.body.id}`);
    expect(showtimes.body.items).toHaveLength(1);
    const showtimeId = showtimes.body.items[0].id;
    const seats = await stack.call<any>('GET', `/api/showtimes/${showtimeId}/seats`);
    expect(seats.body.available).toBe(10);

    // Buy two, pay.
    const ticket = await stack.call<any>('POST', '/api/tickets', { ...as(token), body: { showtime_id: showtimeId, seats: ['B3', 'B4'] } });
    expect(ticket.status).toBe(201);
    expect(ticket.body.amount).toBe(24);
    const payment = await stack.call<any>('POST', '/api/payments', { ...as(token), body: { ticket_id: ticket.body.id, payment_method: 'card', card } });
    expect(payment.status).toBe(201);
    expect(payment.body.status).toBe('succeeded');

    // The e-ticket arrives, naming the film, the theater and both seats.
    await waitUntil(() => smtp.to(email, /ticket/i).length >= 1, { timeoutMs: 30_000, message: 'the e-ticket' });
    const eticket = smtp.to(email, /ticket/i)[0]!;
    expect(eticket.text).toContain('The Whole Story');
    expect(eticket.text).toContain('Story Hall');
    expect(eticket.text).toMatch(/B3/);
    expect(eticket.text).toMatch(/B4/);

    // Points in the membership (24 units at bronze), and the sale on the dashboard.
    await waitUntil(async () => (await stack.call<any>('GET', `/api/memberships/${userId}`, as(token))).body.points === 24, { timeoutMs: 30_000, message: 'points earned' });
    await waitUntil(
      async () => {
        const metrics = await stack.call<any>('GET', `/api/analytics/movies/${movie.body.id}/metrics`, as(adminToken));
        return metrics.status === 200 && metrics.body.tickets === 1 && metrics.body.seats === 2 && metrics.body.revenue === 24;
      },
      { timeoutMs: 30_000, message: 'the sale in analytics' },
    );
    const dashboard = await stack.call<any>('GET', '/api/analytics/dashboard', as(adminToken));
    expect(dashboard.status).toBe(200);
    expect(JSON.stringify(dashboard.body)).toContain(movie.body.id);
    const day = (offset: number) => new Date(Date.now() + offset * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const occupancy = await stack.call<any>('GET', `/api/analytics/occupancy?by=showtime&from=${day(-1)}&to=${day(10)}`, as(adminToken));
    expect(occupancy.status).toBe(200);
    const row = occupancy.body.items.find((i: any) => i.showtime_id === showtimeId);
    expect(row).toMatchObject({ seats_sold: 2 });

    // The refund: seats free again, points gone, and a mail says so.
    const refund = await stack.call<any>('POST', `/api/payments/${payment.body.id}/refund`, { ...as(token), body: { reason: 'changed plans' } });
    expect(refund.status).toBeLessThan(300);
    await waitUntil(async () => (await stack.call<any>('GET', `/api/tickets/${ticket.body.id}`, as(token))).body.status === 'refunded', { timeoutMs: 30_000, message: 'ticket refunded' });
    await waitUntil(async () => (await stack.call<any>('GET', `/api/showtimes/${showtimeId}/seats`)).body.available === 10, { timeoutMs: 30_000, message: 'seats free' });
    await waitUntil(async () => (await stack.call<any>('GET', `/api/memberships/${userId}`, as(token))).body.points === 0, { timeoutMs: 30_000, message: 'points taken back' });
    await waitUntil(() => smtp.to(email, /refund/i).length >= 1, { timeoutMs: 30_000, message: 'the refund mail' });
    await waitUntil(
      async () => {
        const metrics = await stack.call<any>('GET', `/api/analytics/movies/${movie.body.id}/metrics`, as(adminToken));
        return metrics.body.tickets === 0 && metrics.body.refunded === 24 && metrics.body.revenue === 0;
      },
      { timeoutMs: 30_000, message: 'the refund in analytics' },
    );

    // In-app, the same story.
    const inApp = await stack.call<any>('GET', '/api/notifications', as(token));
    expect(inApp.status).toBe(200);
    expect(inApp.body.unread_count).toBeGreaterThanOrEqual(2);
  }, 240_000);

  it('when a customer forgets the password, then the code in the mail alone completes the reset', async () => {
    const email = `reset-${Date.now().toString(36)}@example.com`;
    expect((await stack.call<any>('POST', '/api/auth/register', { body: { email, password: 'password-123', name: 'Rita Reset' } })).status).toBe(201);
    const asked = await stack.call<any>('POST', '/api/auth/forgot-password', { body: { email } });
    expect(asked.status).toBe(202);
    await waitUntil(() => smtp.received.some((m) => m.to.includes(email) && /\b\d{6}\b/.test(m.text) && /reset|code|password/i.test(m.subject)), {
      timeoutMs: 30_000,
      message: 'the reset code mail',
    });
    const mail = smtp.received.find((m) => m.to.includes(email) && /\b\d{6}\b/.test(m.text) && /reset|code|password/i.test(m.subject))!;
    const code = /\b(\d{6})\b/.exec(mail.text)![1];
    const resetToken = asked.body.reset_token;
    const verified = await stack.call<any>('POST', '/api/auth/forgot-password/verify', { token: resetToken, body: { otp_code: code } });
    expect(verified.status).toBeLessThan(300);
    const changed = await stack.call<any>('POST', '/api/auth/forgot-password/change', { token: resetToken, body: { new_password: 'new-password-456' } });
    expect(changed.status).toBeLessThan(300);
    expect((await stack.call<any>('POST', '/api/auth/login', { body: { email, password: 'new-password-456' } })).status).toBe(200);
  }, 120_000);
});
