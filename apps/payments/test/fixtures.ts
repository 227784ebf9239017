import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TicketReservedData } from '@marquee/contracts';

export const CARDS = {
  ok: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  insufficient: '4000 0000 0000 9995',
  mastercard: '5555 5555 5555 4444',
};

export function card(number: string = CARDS.ok) {
  return { number, exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, cvc: '123' };
}

export function reservedTicket(userId: string, overrides: Partial<TicketReservedData> = {}): TicketReservedData {
  return {
    ticket_id: randomUUID(),
    user_id: userId,
    showtime_id: randomUUID(),
    movie_id: randomUUID(),
    movie_title: 'Metropolis',
    theater_name: 'Hall 1',
    start_time: new Date(Date.now() + 86_400_000).toISOString(),
    seats: ['A5', 'A6'],
    amount: 25.5,
    currency: 'USD',
    status: 'reserved',
    expires_at: new Date(Date.now() + 600_000).toISOString(),
    ...overrides,
  };
}

/** What the stand-in tickets server got and what it answers. */
export interface StandInTickets {
  url: string;
  /** Answers by ticket id: a Ticket body (200) or a status; status 0 never answers. */
  answers: Map<string, { status: number; body?: unknown }>;
  /** Authorization headers received, in order. */
  authorizations: string[];
  close(): Promise<void>;
}

/** A tiny HTTP server standing in for the tickets service's GET /api/tickets/{id}. */
export async function standInTickets(): Promise<StandInTickets> {
  const answers = new Map<string, { status: number; body?: unknown }>();
  const authorizations: string[] = [];
  const server = http.createServer((req, res) => {
    authorizations.push(req.headers.authorization ?? '');
    const id = /^\/api\/tickets\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '';
    const answer = answers.get(decodeURIComponent(id)) ?? { status: 404, body: { code: 'NOT_FOUND' } };
    if (answer.status === 0) return; // never answers: a hung tickets service
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    answers,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A Ticket as the tickets service answers GET /api/tickets/{id} (API.md). */
export function ticketAnswer(t: TicketReservedData, status = t.status) {
  return {
    id: t.ticket_id,
    user_id: t.user_id,
    showtime_id: t.showtime_id,
    seats: t.seats,
    amount: t.amount,
    currency: t.currency,
    status,
    expires_at: t.expires_at,
    created_at: new Date().toISOString(),
  };
}
