/* eslint-disable @typescript-eslint/no-explicit-any -- answers are loosely typed JSON in tests */
// The ticket purchase of ARCHITECTURE.md end to end, through the gateway, with every process real:
// users (tokens), movies (the film), showtimes, tickets and payments, talking over RabbitMQ.
import { TcpProxy, waitUntil } from '@marquee/testing';
import { PlatformStack } from '../support/platform-stack';
import { registerUser } from '../support/users-process';

const admin = { email: 'e2e-admin@example.com', password: 'admin-password-1' };
const card = (number: string) => ({ number, exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, cvc: '123' });

const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
// Holds last 30 s here: an unpaid one can be watched expiring, and a paid one outlives a 10 s
// broker outage (a payment confirmed after its hold lapsed is refunded instead, by design).
const HOLD = { HOLD_MINUTES: '0.5', EXPIRE_INTERVAL_MS: '500' };

describe('booking through the gateway', () => {
  // Every service reaches RabbitMQ through this proxy, so the broker can be cut mid-purchase.
  let broker: TcpProxy;
  const stack = new PlatformStack({ services: ['users', 'movies', 'showtimes', 'tickets', 'payments'], admin, env: { tickets: HOLD }, amqpUrl: () => broker.url(AMQP_URL) });
  let adminToken: string;
  let buyer: { access_token: string };
  let showtimeId: string;

  beforeAll(async () => {
    const target = new URL(AMQP_URL);
    broker = await TcpProxy.start(target.hostname, Number(target.port || 5672));
    await stack.start();
    const login = await stack.call<any>('POST', '/api/auth/login', { body: admin });
    expect(login.status).toBe(200);
    adminToken = login.body.access_token;
    buyer = await registerUser(stack.gatewayUrl, '10.77.0.1');

    const movie = await stack.call<any>('POST', '/api/movies', {
      token: adminToken,
      body: { title: 'Premiere Night', year: 2026, synopsis: 'A film for the end-to-end test.', runtime: 100, genres: ['Drama'] },
    });
    expect(movie.status).toBe(201);
    const theater = await stack.call<any>('POST', '/api/theaters', { token: adminToken, body: { name: 'Hall E2E', rows: ['A', 'B'], seats_per_row: 5 } });
    expect(theater.status).toBe(201);
    // The film was created a moment ago: showtimes knows it from movie.created or asks movies.
    const start = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString();
    const showtime = await stack.call<any>('POST', '/api/showtimes', { token: adminToken, body: { movie_id: movie.body.id, theater_id: theater.body.id, start_time: start, price: 12.5 } });
    expect(showtime.status).toBe(201);
    showtimeId = showtime.body.id;
  }, 180_000);

  afterAll(async () => {
    await stack.stop();
    await broker?.close();
  }, 60_000);

  const ticketStatus = async (id: string) => (await stack.call<any>('GET', `/api/tickets/${id}`, { token: buyer.access_token })).body.status;
  const seatStatus = async (seat: string) =>
    (await stack.call<any>('GET', `/api/showtimes/${showtimeId}/seats`)).body.seats.find((s: { seat: string }) => s.seat === seat)?.status;

  async function reserve(seats: string[]) {
    const res = await stack.call<any>('POST', '/api/tickets', { token: buyer.access_token, body: { showtime_id: showtimeId, seats } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'reserved', seats, amount: 12.5 * seats.length });
    return res.body;
  }

  async function pay(ticket: { id: string; amount: number }, number: string) {
    return stack.call<any>('POST', '/api/payments', { token: buyer.access_token, body: { ticket_id: ticket.id, payment_method: 'card', card: card(number) } });
  }

  it('when a buyer reserves and pays with 4242…, then the ticket is confirmed and the seats sold', async () => {
    const ticket = await reserve(['A1', 'A2']);
    const taken = await stack.call<any>('POST', '/api/tickets', { token: (await registerUser(stack.gatewayUrl, '10.77.0.2')).access_token, body: { showtime_id: showtimeId, seats: ['A2', 'A3'] } });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('SEAT_TAKEN');

    const payment = await pay(ticket, '4242424242424242');
    expect(payment.status).toBe(201);
    expect(payment.body).toMatchObject({ status: 'succeeded', card: { last4: '4242' } });
    await waitUntil(async () => (await ticketStatus(ticket.id)) === 'confirmed', { timeoutMs: 15_000, message: 'ticket confirmed' });
    await waitUntil(async () => (await seatStatus('A1')) === 'sold', { timeoutMs: 15_000, message: 'seat A1 sold' });
  }, 60_000);

  it('when the card is declined, then the seats are free again', async () => {
    const ticket = await reserve(['B1']);
    const payment = await pay(ticket, '4000000000000002');
    expect(payment.status).toBe(201);
    expect(payment.body).toMatchObject({ status: 'failed', failure_code: 'card_declined' });
    await waitUntil(async () => (await ticketStatus(ticket.id)) === 'cancelled', { timeoutMs: 15_000, message: 'ticket released' });
    await waitUntil(async () => (await seatStatus('B1')) === 'available', { timeoutMs: 15_000, message: 'seat B1 free' });
  }, 60_000);

  it('when a paid ticket is cancelled well before the show, then the payment is refunded and the seat freed', async () => {
    const ticket = await reserve(['B5']);
    expect((await pay(ticket, '4242424242424242')).status).toBe(201);
    await waitUntil(async () => (await ticketStatus(ticket.id)) === 'confirmed', { timeoutMs: 15_000, message: 'ticket confirmed' });
    const cancel = await stack.call<any>('POST', `/api/tickets/${ticket.id}/cancel`, { token: buyer.access_token });
    expect(cancel.status).toBeLessThan(300);
    await waitUntil(async () => (await ticketStatus(ticket.id)) === 'refunded', { timeoutMs: 20_000, message: 'ticket refunded' });
    await waitUntil(async () => (await seatStatus('B5')) === 'available', { timeoutMs: 15_000, message: 'seat B5 free' });
    const payments = await stack.call<any>('GET', '/api/payments', { token: buyer.access_token });
    expect(payments.body.items.some((p: any) => p.ticket_id === ticket.id)).toBe(true);
  }, 90_000);

  it('when a hold is not paid in time, then it expires and its seat is free again', async () => {
    const ticket = await reserve(['A5']);
    await waitUntil(async () => (await seatStatus('A5')) === 'held', { timeoutMs: 15_000, message: 'seat A5 held' });
    await waitUntil(async () => (await ticketStatus(ticket.id)) === 'expired', { timeoutMs: 45_000, message: 'ticket expired' });
    await waitUntil(async () => (await seatStatus('A5')) === 'available', { timeoutMs: 15_000, message: 'seat A5 free' });
    // and someone else can take it
    const again = await stack.call<any>('POST', '/api/tickets', { token: (await registerUser(stack.gatewayUrl, '10.77.0.3')).access_token, body: { showtime_id: showtimeId, seats: ['A5'] } });
    expect(again.status).toBe(201);
  }, 60_000);

  it('when RabbitMQ is cut for 10 s in the middle of purchases, then no confirmation is lost', async () => {
    const tickets = [await reserve(['B2']), await reserve(['B3'])];
    broker.cut();
    try {
      // Paying still works (the outbox keeps the events); confirmations wait for the broker.
      for (const ticket of tickets) expect((await pay(ticket, '4242424242424242')).body.status).toBe('succeeded');
      await new Promise((r) => setTimeout(r, 10_000));
    } finally {
      broker.restore();
    }
    for (const ticket of tickets) {
      await waitUntil(async () => (await ticketStatus(ticket.id)) === 'confirmed', { timeoutMs: 40_000, message: `ticket ${ticket.id} confirmed after the outage` });
    }
  }, 120_000);

  it('when a payment succeeds but its confirmation arrives after the hold expired, then the money is refunded automatically', async () => {
    const ticket = await reserve(['B4']);
    // Payments must have learnt the amount before the broker goes.
    await waitUntil(async () => (await seatStatus('B4')) === 'held', { timeoutMs: 15_000, message: 'seat B4 held' });
    broker.cut();
    let paymentId: string;
    try {
      const payment = await pay(ticket, '4242424242424242');
      expect(payment.body.status).toBe('succeeded');
      paymentId = payment.body.id;
      // The sweeper needs no broker: the hold lapses while payment.succeeded waits in the outbox.
      await waitUntil(async () => (await ticketStatus(ticket.id)) === 'expired', { timeoutMs: 60_000, message: 'hold expired during the outage' });
    } finally {
      broker.restore();
    }
    await waitUntil(async () => (await ticketStatus(ticket.id)) === 'refunded', { timeoutMs: 40_000, message: 'late payment turned into a refund' });
    await waitUntil(
      async () => (await stack.call<any>('GET', `/api/payments/${paymentId}`, { token: buyer.access_token })).body.refunded_amount === ticket.amount,
      { timeoutMs: 30_000, message: 'payment refunded in full' },
    );
    await waitUntil(async () => (await seatStatus('B4')) === 'available', { timeoutMs: 20_000, message: 'seat B4 free again' });
  }, 180_000);
});
