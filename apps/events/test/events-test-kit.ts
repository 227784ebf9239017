/* eslint-disable @typescript-eslint/no-explicit-any -- answers are loosely typed JSON in tests */
// The events service under test (ServiceTestKit: its own database, RabbitMQ prefix, cache prefix
// and token issuer), plus shortcuts for what most tests need: an organizer, an event (draft or
// published), a session, a registration.
import type { ServiceHandle } from '@marquee/service';
import { ServiceTestKit, UsersDirectoryStandIn, type Answer, type IssuedToken } from '@marquee/testing';
import { eventsService } from '../src/app';

export type { Answer };

export interface EventBody {
  id: string;
  title: string;
  description: string | null;
  location: string | null;
  category: string | null;
  start_at: string;
  end_at: string;
  capacity: number;
  registered: number;
  status: 'draft' | 'published' | 'cancelled';
  organizer_id: string;
}

export interface SessionBody {
  id: string;
  event_id: string;
  title: string;
  speaker: string | null;
  room: string;
  start_at: string;
  end_at: string;
  capacity: number;
  registered: number;
}

const HOUR_MS = 3_600_000;

/** `hours` from now (as ISO), whole minutes so times compare cleanly. */
export function hoursFromNow(hours: number): string {
  const t = Date.now() + hours * HOUR_MS;
  return new Date(t - (t % 60_000)).toISOString();
}

/** `base` plus `minutes`, as ISO. */
export function plusMinutes(base: string, minutes: number): string {
  return new Date(Date.parse(base) + minutes * 60_000).toISOString();
}

export class EventsTestKit extends ServiceTestKit<ServiceHandle<typeof eventsService>> {
  /** The users service's directory, for attendee names (the backfill and the lookup on a miss). */
  readonly users = new UsersDirectoryStandIn();

  constructor(env: Record<string, string> = {}) {
    super(eventsService, { observe: ['event.#', 'registration.#'], env });
  }

  override async start(extraEnv: Record<string, string> = {}): Promise<void> {
    await this.users.start();
    await super.start({ USERS_URL: this.users.url, USERS_BACKFILL_INTERVAL_MS: '200', ...extraEnv });
  }

  override async stop(): Promise<void> {
    await super.stop();
    await this.users.stop();
  }

  organizer(sub?: string): IssuedToken {
    return this.user('organizer', sub);
  }

  /** An event body: a day-long event a week from now, unless overridden. */
  eventInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const start = hoursFromNow(24 * 7);
    return {
      title: 'Backend Day',
      description: 'Talks about services',
      location: 'Lisbon',
      category: 'conference',
      start_at: start,
      end_at: plusMinutes(start, 8 * 60),
      capacity: 100,
      ...overrides,
    };
  }

  async draft(token: string, overrides: Record<string, unknown> = {}): Promise<EventBody> {
    const res = await this.call('POST', '/api/events', { token, body: this.eventInput(overrides) });
    if (res.status !== 201) throw new Error(`create event failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as EventBody;
  }

  async published(token: string, overrides: Record<string, unknown> = {}): Promise<EventBody> {
    const event = await this.draft(token, overrides);
    const res = await this.call('POST', `/api/events/${event.id}/publish`, { token });
    if (res.status !== 200) throw new Error(`publish failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as EventBody;
  }

  addSession(token: string, event: Pick<EventBody, 'id'>, body: Record<string, unknown>): Promise<Answer> {
    return this.call('POST', `/api/events/${event.id}/sessions`, { token, body });
  }

  /** A session `offsetMinutes` after the event's start, lasting `minutes`. */
  async session(
    token: string,
    event: Pick<EventBody, 'id' | 'start_at'>,
    { offsetMinutes = 0, minutes = 60, ...rest }: { offsetMinutes?: number; minutes?: number } & Record<string, unknown> = {},
  ): Promise<SessionBody> {
    const start = plusMinutes(event.start_at, offsetMinutes);
    const res = await this.addSession(token, event, { title: 'A talk', room: 'Room A', start_at: start, end_at: plusMinutes(start, minutes), ...rest });
    if (res.status !== 201) throw new Error(`add session failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as SessionBody;
  }

  register(token: string, eventId: string, sessionIds?: string[]): Promise<Answer> {
    return this.call('POST', `/api/events/${eventId}/register`, { token, body: sessionIds ? { session_ids: sessionIds } : undefined });
  }

  async eventRow(id: string): Promise<{ registered: number; capacity: number; status: string; deleted_at: Date | null }> {
    const { rows } = await this.pool.query('SELECT registered, capacity, status, deleted_at FROM events WHERE id = $1', [id]);
    return rows[0];
  }

  async sessionRow(id: string): Promise<{ registered: number; capacity: number }> {
    const { rows } = await this.pool.query('SELECT registered, capacity FROM sessions WHERE id = $1', [id]);
    return rows[0];
  }

  async activeRegistrations(eventId: string): Promise<number> {
    const { rows } = await this.pool.query("SELECT count(*)::int AS n FROM registrations WHERE event_id = $1 AND status = 'active'", [eventId]);
    return rows[0].n;
  }

  /** Moves an event (and its sessions) into the past, as if time had passed. */
  async endEvent(id: string): Promise<void> {
    await this.pool.query(
      `UPDATE sessions SET start_at = start_at - interval '30 days', end_at = end_at - interval '30 days' WHERE event_id = $1`,
      [id],
    );
    await this.pool.query(`UPDATE events SET start_at = start_at - interval '30 days', end_at = end_at - interval '30 days' WHERE id = $1`, [id]);
  }

  /** Events of `type` seen on the bus whose data matches. */
  seen(type: string, match: (data: any) => boolean): any[] {
    return this.events.filter((e: any) => e.type === type && match(e.data));
  }
}
