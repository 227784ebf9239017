import { ServiceTestKit } from '@marquee/testing';
import { CARDS, card, reservedTicket, standInTickets, ticketAnswer, type StandInTickets } from '../../test/fixtures';
import { paymentsService } from '../app';

const MESSAGE = Symbol.for('message');

describe('payments service: card numbers are never kept', () => {
  const kit = new ServiceTestKit(paymentsService, { observe: ['payment.#'] });
  let tickets: StandInTickets;
  const lines: string[] = [];
  beforeAll(async () => {
    tickets = await standInTickets();
    // Debug logs, read from the logger's own stream (its console transports silenced).
    await kit.start({ TICKETS_URL: tickets.url, LOG_LEVEL: 'debug' });
    const { logger } = kit.handle.platform;
    for (const transport of logger.transports) transport.silent = true;
    logger.on('data', (info: Record<string | symbol, unknown>) => lines.push(String(info[MESSAGE] ?? JSON.stringify(info))));
  });
  afterAll(async () => {
    await kit.stop();
    await tickets.close();
  });

  it('when payments succeed, fail, are refused and refunded with full numbers, then no table row and no log line holds a number', async () => {
    const me = kit.user();
    const numbers = [CARDS.ok, CARDS.declined, CARDS.insufficient, CARDS.mastercard];
    for (const [i, number] of numbers.entries()) {
      const t = reservedTicket(me.userId);
      await kit.deliver('ticket.reserved', t);
      const res = await kit.call('POST', '/api/payments', {
        token: me.token,
        headers: { 'idempotency-key': `key-${i}` },
        body: { ticket_id: t.ticket_id, payment_method: 'card', card: card(number) },
      });
      expect(res.status).toBe(201);
      if (res.body.status === 'succeeded') expect((await kit.call('POST', `/api/payments/${res.body.id}/refund`, { token: me.token, body: {} })).status).toBe(201);
      // Refused: amount mismatch and a bad Luhn twin of the number.
      expect((await kit.call('POST', '/api/payments', { token: me.token, body: { ticket_id: t.ticket_id, amount: 1, payment_method: 'card', card: card(number) } })).status).not.toBe(201);
    }
    const unknown = reservedTicket(me.userId);
    tickets.answers.set(unknown.ticket_id, { status: 200, body: ticketAnswer(unknown) });
    expect((await kit.call('POST', '/api/payments', { token: me.token, body: { ticket_id: unknown.ticket_id, payment_method: 'card', card: card(CARDS.ok) } })).status).toBe(201);
    await kit.event('payment.succeeded', (d) => d.ticket_id === unknown.ticket_id);

    const digits = numbers.map((n) => n.replace(/\s/g, ''));
    const { rows: tables } = await kit.pool.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'");
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['payments', 'refunds', 'known_tickets', 'outbox', 'idempotency_keys']));
    let dumped = 0;
    for (const { name } of tables) {
      const { rows } = await kit.pool.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`);
      for (const { row } of rows) {
        dumped += 1;
        for (const [i, d] of digits.entries()) {
          expect(row).not.toContain(d);
          expect(row).not.toContain(numbers[i]);
        }
      }
    }
    expect(dumped).toBeGreaterThan(10);

    expect(lines.some((l) => l.includes('payment recorded'))).toBe(true);
    for (const line of lines) {
      for (const [i, d] of digits.entries()) {
        expect(line).not.toContain(d);
        expect(line).not.toContain(numbers[i]);
      }
    }
  });
});
