import { AppError, createLogger } from '@marquee/core';
import { createCircuitBreaker, type CircuitBreaker } from '@marquee/resilience';
import { reservedTicket, standInTickets, ticketAnswer, type StandInTickets } from '../../test/fixtures';
import { isUpstreamFailure, ServiceClient } from '@marquee/service';
import { TicketsClient } from './tickets.client';

describe('TicketsClient', () => {
  let tickets: StandInTickets;
  let breaker: CircuitBreaker;
  let client: TicketsClient;
  const logger = createLogger({ service: 'payments-test', level: 'silent' });
  beforeEach(async () => {
    tickets = await standInTickets();
    breaker = createCircuitBreaker({ name: 'tickets', timeoutMs: 300, resetTimeoutMs: 60_000, isFailure: isUpstreamFailure, logger });
    client = new TicketsClient(new ServiceClient({ service: 'tickets', baseUrl: tickets.url, breaker, logger }));
  });
  afterEach(async () => {
    breaker.shutdown();
    await tickets.close();
  });

  const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as AppError);

  it('when tickets knows the ticket, then it is read with the caller\'s token; unknown is undefined; 403 stays 403', async () => {
    const t = reservedTicket('0b6e1e6e-0000-4000-8000-000000000001', { amount: 18.5 });
    tickets.answers.set(t.ticket_id, { status: 200, body: ticketAnswer(t) });
    expect(await client.fetch(t.ticket_id, 'tok')).toEqual({ ticket_id: t.ticket_id, user_id: t.user_id, amount: 18.5, currency: 'USD', status: 'reserved' });
    expect(tickets.authorizations).toEqual(['Bearer tok']);
    expect(await client.fetch('f3a5b2c1-0000-4000-8000-000000000000', 'tok')).toBeUndefined();
    tickets.answers.set('f3a5b2c1-0000-4000-8000-000000000001', { status: 403 });
    expect((await failure(client.fetch('f3a5b2c1-0000-4000-8000-000000000001', 'tok')))?.status).toBe(403);
  });

  it('when tickets keeps failing, then the breaker opens and later calls are 503 without reaching tickets', async () => {
    const id = 'f3a5b2c1-0000-4000-8000-000000000002';
    tickets.answers.set(id, { status: 500 });
    for (let i = 0; i < 6; i += 1) expect((await failure(client.fetch(id, 'tok')))?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(breaker.state()).toBe('open');
    const asked = tickets.authorizations.length;
    const open = await failure(client.fetch(id, 'tok'));
    expect(open?.status).toBe(503);
    expect(open?.headers?.['Retry-After']).toMatch(/^\d+$/);
    expect(tickets.authorizations.length).toBe(asked);
  });

  it('when tickets answers nonsense, then 502 BAD_GATEWAY', async () => {
    const id = 'f3a5b2c1-0000-4000-8000-000000000003';
    tickets.answers.set(id, { status: 200, body: { id, amount: 'lots' } });
    const bad = await failure(client.fetch(id, 'tok'));
    expect(bad).toBeInstanceOf(AppError);
    expect(bad?.status).toBe(502);
  });
});
