import { randomUUID } from 'node:crypto';
import { ServiceTestKit, formatFindings } from '@marquee/testing';
import { CARDS, card, reservedTicket, standInTickets, ticketAnswer, type StandInTickets } from '../../test/fixtures';
import { paymentsService } from '../app';

describe('payments service: paying for a ticket', () => {
  const kit = new ServiceTestKit(paymentsService, { observe: ['payment.#'] });
  let tickets: StandInTickets;
  beforeAll(async () => {
    tickets = await standInTickets();
    await kit.start({ TICKETS_URL: tickets.url, TICKETS_TIMEOUT_MS: '500' });
  });
  afterAll(async () => {
    await kit.stop();
    await tickets.close();
  });

  const count = async (sql: string, params: unknown[]) => (await kit.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]?.n;

  async function reserved(userId: string, overrides = {}) {
    const t = reservedTicket(userId, overrides);
    await kit.deliver('ticket.reserved', t);
    return t;
  }

  const pay = (token: string, body: Record<string, unknown>, headers?: Record<string, string>) => kit.call('POST', '/api/payments', { token, body, headers });

  it('when I pay a reserved ticket with 4242…, then 201 succeeded with brand and last four only, and payment.succeeded is published', async () => {
    const me = kit.user();
    const t = await reserved(me.userId);
    const res = await pay(me.token, { ticket_id: t.ticket_id, amount: 25.5, payment_method: 'card', card: card(CARDS.ok) });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      ticket_id: t.ticket_id,
      user_id: me.userId,
      amount: 25.5,
      currency: 'USD',
      status: 'succeeded',
      card: { brand: 'visa', last4: '4242' },
      refunded_amount: 0,
      created_at: expect.any(String),
    });
    const event = await kit.event('payment.succeeded', (d) => d.payment_id === res.body.id);
    expect(event.data).toEqual({
      payment_id: res.body.id,
      ticket_id: t.ticket_id,
      user_id: me.userId,
      amount: 25.5,
      currency: 'USD',
      card: { brand: 'visa', last4: '4242' },
      status: 'succeeded',
    });
  });

  it('when no amount is given, then the ticket\'s amount is charged', async () => {
    const me = kit.user();
    const t = await reserved(me.userId, { amount: 12.34, currency: 'EUR' });
    const res = await pay(me.token, { ticket_id: t.ticket_id, payment_method: 'card', card: card(CARDS.mastercard) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ amount: 12.34, currency: 'EUR', status: 'succeeded', card: { brand: 'mastercard', last4: '4444' } });
  });

  it.each([
    [CARDS.declined, 'card_declined', '0002'],
    [CARDS.insufficient, 'insufficient_funds', '9995'],
  ])('when the card is %s, then 201 failed with %s, recorded, and payment.failed is published', async (number, code, last4) => {
    const me = kit.user();
    const t = await reserved(me.userId);
    const res = await pay(me.token, { ticket_id: t.ticket_id, payment_method: 'card', card: card(number) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'failed', failure_code: code, card: { brand: 'visa', last4 } });
    expect(await count("payments WHERE ticket_id = $1 AND status = 'failed'", [t.ticket_id])).toBe(1);
    const event = await kit.event('payment.failed', (d) => d.payment_id === res.body.id);
    expect(event.data).toMatchObject({ status: 'failed', failure_code: code, ticket_id: t.ticket_id, amount: 25.5 });

    // A failed attempt does not stop a later good card.
    const again = await pay(me.token, { ticket_id: t.ticket_id, payment_method: 'card', card: card(CARDS.ok) });
    expect(again.status).toBe(201);
    expect(again.body.status).toBe('succeeded');
  });

  it('when the card fails Luhn, has expired or has a bad cvc, then 400 naming the field, and nothing is written', async () => {
    const me = kit.user();
    const t = await reserved(me.userId);
    const year = new Date().getUTCFullYear();
    const month = new Date().getUTCMonth() + 1;
    const cases: [Record<string, unknown>, string][] = [
      [{ ...card('4242 4242 4242 4241') }, 'body.card.number'],
      [{ ...card(), exp_year: year - 1 }, 'body.card.exp_year'],
      [{ ...card(), number: '12ab' }, 'body.card.number'],
      [{ ...card(), cvc: '12' }, 'body.card.cvc'],
      [{ ...card(), cvc: '12345' }, 'body.card.cvc'],
      [{ ...card(), exp_month: 13 }, 'body.card.exp_month'],
    ];
    if (month > 1) cases.push([{ ...card(), exp_year: year, exp_month: month - 1 }, 'body.card.exp_month']);
    for (const [c, field] of cases) {
      const res = await pay(me.token, { ticket_id: t.ticket_id, payment_method: 'card', card: c });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(JSON.stringify(res.body)).not.toContain('4242424242424241');
    }
    const wrongMethod = await pay(me.token, { ticket_id: t.ticket_id, payment_method: 'paypal', card: card() });
    expect(wrongMethod.status).toBe(400);
    expect(wrongMethod.body.errors[0].field).toBe('body.payment_method');
    expect(await count('payments WHERE ticket_id = $1', [t.ticket_id])).toBe(0);
  });

  it('when the amount differs from the ticket\'s, then 400 AMOUNT_MISMATCH naming body.amount and nothing is charged', async () => {
    const me = kit.user();
    const t = await reserved(me.userId);
    const res = await pay(me.token, { ticket_id: t.ticket_id, amount: 25.49, payment_method: 'card', card: card() });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('AMOUNT_MISMATCH');
    expect(res.body.errors).toEqual([{ field: 'body.amount', message: expect.any(String) }]);
    expect(await count('payments WHERE ticket_id = $1', [t.ticket_id])).toBe(0);
  });

  it('when the ticket is someone else\'s, then 403; when it is not reserved or already paid, then 409 TICKET_NOT_PAYABLE', async () => {
    const me = kit.user();
    const other = await reserved(kit.user().userId);
    const notMine = await pay(me.token, { ticket_id: other.ticket_id, payment_method: 'card', card: card() });
    expect(notMine.status).toBe(403);

    const expired = await reserved(me.userId);
    await kit.deliver('ticket.expired', { ...expired, status: 'expired' });
    const late = await pay(me.token, { ticket_id: expired.ticket_id, payment_method: 'card', card: card() });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('TICKET_NOT_PAYABLE');

    const paid = await reserved(me.userId);
    expect((await pay(me.token, { ticket_id: paid.ticket_id, payment_method: 'card', card: card() })).status).toBe(201);
    const twice = await pay(me.token, { ticket_id: paid.ticket_id, payment_method: 'card', card: card() });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('TICKET_NOT_PAYABLE');
    expect(await count('payments WHERE ticket_id = $1', [paid.ticket_id])).toBe(1);
  });

  it('when 20 payments for one ticket arrive at once without Idempotency-Key, then exactly one succeeds and the others are 409', async () => {
    const me = kit.user();
    const t = await reserved(me.userId);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => pay(me.token, { ticket_id: t.ticket_id, payment_method: 'card', card: card() })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'TICKET_NOT_PAYABLE')).toBe(true);
    expect(await count("payments WHERE ticket_id = $1 AND status = 'succeeded'", [t.ticket_id])).toBe(1);
  });

  it('when the same Idempotency-Key comes again, then the first answer is replayed and nothing is charged twice; another body is 409 IDEMPOTENCY_KEY_REUSED', async () => {
    const me = kit.user();
    const t = await reserved(me.userId);
    const key = randomUUID();
    const body = { ticket_id: t.ticket_id, payment_method: 'card', card: card() };
    const answers = await Promise.all(Array.from({ length: 5 }, () => pay(me.token, body, { 'idempotency-key': key })));
    for (const a of answers) {
      expect(a.status).toBe(201);
      expect(a.body).toEqual(answers[0]?.body);
    }
    expect(await count('payments WHERE ticket_id = $1', [t.ticket_id])).toBe(1);
    const other = await pay(me.token, { ...body, card: card(CARDS.mastercard) }, { 'idempotency-key': key });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // The key is the caller's: someone else's same key is their own request.
    const stranger = await pay(kit.user().token, body, { 'idempotency-key': key });
    expect(stranger.status).toBe(403);
  });

  it('when the Idempotency-Key is too long, then 400 names the header and nothing is charged; the header is in the OpenAPI document', async () => {
    const me = kit.user();
    const t = await reserved(me.userId);
    const tooLong = await pay(me.token, { ticket_id: t.ticket_id, payment_method: 'card', card: card() }, { 'idempotency-key': 'k'.repeat(256) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ field: 'headers.idempotency-key' })]);
    expect(await count('payments WHERE ticket_id = $1', [t.ticket_id])).toBe(0);
    const doc = (await kit.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };
    expect(doc.paths['/api/payments']?.post?.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'idempotency-key', in: 'header' })]));
  });

  it('when the ticket is not known here yet, then tickets is asked with my token and the payment goes through', async () => {
    const me = kit.user();
    const t = reservedTicket(me.userId, { amount: 40 });
    tickets.answers.set(t.ticket_id, { status: 200, body: ticketAnswer(t) });
    const seen = tickets.authorizations.length;
    const res = await pay(me.token, { ticket_id: t.ticket_id, amount: 40, payment_method: 'card', card: card() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ticket_id: t.ticket_id, amount: 40, status: 'succeeded' });
    expect(tickets.authorizations.slice(seen)).toEqual([`Bearer ${me.token}`]);

    // A late ticket.reserved (older than what tickets told us) changes nothing.
    await kit.deliver('ticket.reserved', { ...t, amount: 99 }, { time: new Date(Date.now() - 60_000) });
    const known = await kit.pool.query('SELECT amount::float8 AS amount FROM known_tickets WHERE ticket_id = $1', [t.ticket_id]);
    expect(known.rows[0].amount).toBe(40);
  });

  it('when tickets does not know the ticket, then 404; when tickets says it is not mine, then 403; neither writes anything', async () => {
    const me = kit.user();
    const unknown = await pay(me.token, { ticket_id: randomUUID(), payment_method: 'card', card: card() });
    expect(unknown.status).toBe(404);
    const t = reservedTicket(kit.user().userId);
    tickets.answers.set(t.ticket_id, { status: 403, body: { code: 'FORBIDDEN' } });
    const forbidden = await pay(me.token, { ticket_id: t.ticket_id, payment_method: 'card', card: card() });
    expect(forbidden.status).toBe(403);
    const theirs = reservedTicket(kit.user().userId);
    tickets.answers.set(theirs.ticket_id, { status: 200, body: ticketAnswer(theirs) });
    expect((await pay(me.token, { ticket_id: theirs.ticket_id, payment_method: 'card', card: card() })).status).toBe(403);
    expect(await count('known_tickets WHERE ticket_id = ANY($1)', [[t.ticket_id, theirs.ticket_id]])).toBe(0);
  });

  it('when tickets fails or cannot be reached, then 503 with Retry-After, not a 500', async () => {
    const me = kit.user();
    const t = reservedTicket(me.userId);
    tickets.answers.set(t.ticket_id, { status: 500 });
    const res = await pay(me.token, { ticket_id: t.ticket_id, payment_method: 'card', card: card() });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);

    const hung = reservedTicket(me.userId);
    tickets.answers.set(hung.ticket_id, { status: 0 });
    const slow = await pay(me.token, { ticket_id: hung.ticket_id, payment_method: 'card', card: card() });
    expect(slow.status).toBe(503);
    expect(slow.body.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(await count('known_tickets WHERE ticket_id = $1', [hung.ticket_id])).toBe(0);
  });

  it('when I list and read payments, then I see only mine; someone else\'s is 403 unless I am an admin', async () => {
    const me = kit.user();
    const t1 = await reserved(me.userId);
    const t2 = await reserved(me.userId);
    const p1 = await pay(me.token, { ticket_id: t1.ticket_id, payment_method: 'card', card: card() });
    const p2 = await pay(me.token, { ticket_id: t2.ticket_id, payment_method: 'card', card: card(CARDS.declined) });

    const mine = await kit.call('GET', '/api/payments?limit=1', { token: me.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ page: 1, limit: 1, total: 2, total_pages: 2 });
    expect(mine.body.items[0].id).toBe(p2.body.id);
    expect((await kit.call('GET', '/api/payments', { token: kit.user().token })).body.total).toBe(0);

    expect((await kit.call('GET', `/api/payments/${p1.body.id}`, { token: me.token })).body).toEqual(p1.body);
    const stranger = kit.user();
    expect((await kit.call('GET', `/api/payments/${p1.body.id}`, { token: stranger.token })).status).toBe(403);
    expect((await kit.call('GET', `/api/payments/${p1.body.id}`, { token: kit.user('admin').token })).status).toBe(200);
    expect((await kit.call('GET', `/api/payments/${randomUUID()}`, { token: me.token })).status).toBe(404);

    expect((await kit.call('GET', `/api/payments/user/${me.userId}`, { token: me.token })).body.total).toBe(2);
    expect((await kit.call('GET', `/api/payments/user/${me.userId}`, { token: stranger.token })).status).toBe(403);
    expect((await kit.call('GET', `/api/payments/user/${me.userId}`, { token: kit.user('admin').token })).body.total).toBe(2);
    expect((await kit.call('GET', '/api/payments')).status).toBe(401);
  });

  it('when every route gets hostile input, then no answer is a 5xx and no refusal writes a row', async () => {
    const admin = kit.user('admin');
    const t = await reserved(admin.userId);
    const paid = await pay(admin.token, { ticket_id: t.ticket_id, payment_method: 'card', card: card() });
    const report = await kit.sweep({
      token: admin.token,
      pathValues: { id: paid.body.id, user_id: admin.userId },
      bodies: {
        'POST /api/payments': { ticket_id: randomUUID(), payment_method: 'card', card: card() },
        'POST /api/payments/{id}/refund': { amount: 0.01 },
      },
    });
    expect(formatFindings(report.findings)).toBe('');
    expect(report.requests).toBeGreaterThan(30);
  });
});
