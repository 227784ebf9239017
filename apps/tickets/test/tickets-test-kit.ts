// The tickets service under test (ServiceTestKit: its own database, RabbitMQ prefix and token
// issuer), plus what only tickets needs: showtimes as the showtimes service announces them, and a
// tiny local HTTP server standing in for the showtimes service (every id unknown unless told).
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ShowtimeCreatedData } from '@marquee/contracts';
import type { ServiceHandle } from '@marquee/service';
import { ServiceTestKit, type Answer } from '@marquee/testing';
import { ticketsService } from '../src/app';

export type { Answer };

/** A stand-in for the showtimes service: answers what `answers` holds for a path, else 404. */
export class FakeShowtimes {
  readonly answers = new Map<string, { status: number; body: unknown }>();
  readonly requests: string[] = [];
  private server?: http.Server;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      this.requests.push(req.url ?? '');
      const answer = this.answers.get(req.url ?? '') ?? { status: 404, body: { code: 'NOT_FOUND' } };
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export interface TicketBody {
  id: string;
  user_id: string;
  showtime_id: string;
  seats: string[];
  amount: number;
  currency: string;
  status: string;
  expires_at: string;
  created_at: string;
}

export class TicketsTestKit extends ServiceTestKit<ServiceHandle<typeof ticketsService>> {
  readonly showtimesServer = new FakeShowtimes();
  private clock = Date.parse('2026-01-01T00:00:00Z');

  constructor(env: Record<string, string> = {}) {
    super(ticketsService, { observe: ['ticket.#'], env });
  }

  override async start(extraEnv: Record<string, string> = {}): Promise<void> {
    await this.showtimesServer.start();
    await super.start({ SHOWTIMES_URL: this.showtimesServer.url, EXPIRE_INTERVAL_MS: '3600000', ...extraEnv });
  }

  override async stop(): Promise<void> {
    await super.stop();
    await this.showtimesServer.stop();
  }

  /** Ever later event times, so each fact is newer than the one before. */
  nextTime(): Date {
    this.clock += 1000;
    return new Date(this.clock);
  }

  /** A showtime.created as showtimes publishes it (with its theater's timezone, America/Bogota). */
  showtimeData(overrides: Partial<ShowtimeCreatedData> = {}): ShowtimeCreatedData {
    const start = overrides.start_time ?? new Date(Date.now() + 7 * 24 * 3_600_000).toISOString();
    const rows = overrides.rows ?? ['A', 'B', 'C', 'D'];
    const perRow = overrides.seats_per_row ?? 10;
    return {
      showtime_id: randomUUID(),
      movie_id: randomUUID(),
      movie_title: 'The Matrix',
      theater_id: randomUUID(),
      theater_name: 'Hall 1',
      theater_timezone: 'America/Bogota',
      start_time: start,
      end_time: new Date(Date.parse(start) + 136 * 60_000).toISOString(),
      price: 12.5,
      currency: 'USD',
      rows,
      seats_per_row: perRow,
      capacity: rows.length * perRow,
      status: 'scheduled',
      ...overrides,
    };
  }

  /** Announces a showtime (showtime.created) and waits until the service knows it. */
  async showtime(overrides: Partial<ShowtimeCreatedData> = {}): Promise<ShowtimeCreatedData> {
    const data = this.showtimeData(overrides);
    await this.deliver('showtime.created', data, { time: this.nextTime() });
    return data;
  }

  reserve(token: string, showtimeId: string, seats: string[], headers: Record<string, string> = {}): Promise<Answer> {
    return this.call('POST', '/api/tickets', { token, body: { showtime_id: showtimeId, seats }, headers });
  }

  /** Reserves seats that must be free and returns the ticket. */
  async reserved(token: string, showtimeId: string, seats: string[]): Promise<TicketBody> {
    const res = await this.reserve(token, showtimeId, seats);
    if (res.status !== 201) throw new Error(`reserve failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as TicketBody;
  }

  async ticketRow(id: string): Promise<{ status: string; payment_id: string | null; cancel_reason: string | null } | undefined> {
    const { rows } = await this.pool.query('SELECT status, payment_id, cancel_reason FROM tickets WHERE id = $1', [id]);
    return rows[0];
  }

  /** The active (held or sold) seats of a showtime, sorted. */
  async activeSeats(showtimeId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ seat: string }>('SELECT seat FROM ticket_seats WHERE showtime_id = $1 AND active ORDER BY seat', [showtimeId]);
    return rows.map((r) => r.seat);
  }

  /** Moves a hold's expiry into the past (as if its minutes had gone by). */
  async lapse(ticketId: string): Promise<void> {
    await this.pool.query("UPDATE tickets SET expires_at = now() - interval '1 second' WHERE id = $1", [ticketId]);
  }

  paymentData(ticket: TicketBody, paymentId: string = randomUUID()) {
    return {
      payment_id: paymentId,
      ticket_id: ticket.id,
      user_id: ticket.user_id,
      amount: ticket.amount,
      currency: ticket.currency,
      card: { brand: 'visa', last4: '4242' },
    };
  }
}
