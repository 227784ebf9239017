/* eslint-disable @typescript-eslint/no-explicit-any -- answers are loosely typed JSON in tests */
// The analytics service under test (ServiceTestKit: its own database, RabbitMQ prefix and token
// issuer), plus what only analytics needs: domain events as the other services would send them,
// recorded through RabbitMQ (`deliver`) or POST /api/analytics/events (`post`), and the answers of
// every report at once (`answers`), to compare before and after a replay or another order.
import { randomUUID } from 'node:crypto';
import type { EventData, EventTypeName } from '@marquee/contracts';
import type { ServiceHandle } from '@marquee/service';
import { ServiceTestKit, type Answer, type IssuedToken } from '@marquee/testing';
import { analyticsService } from '../src/app';

export type { Answer };

export interface ShowtimeFacts {
  showtime_id: string;
  movie_id: string;
  movie_title: string;
  theater_id: string;
  theater_name: string;
  start_time: string;
  capacity: number;
  price: number;
}

export interface TicketFacts {
  ticket_id: string;
  user_id: string;
  payment_id: string;
  showtime: ShowtimeFacts;
  seats: string[];
  amount: number;
}

/** One event to record: its type, data and time. */
export interface Step<K extends EventTypeName = EventTypeName> {
  type: K;
  data: EventData<K>;
  time: string;
  id: string;
}

export function step<K extends EventTypeName>(type: K, data: EventData<K>, time: string): Step<K> {
  return { type, data, time, id: randomUUID() };
}

export function showtimeFacts(overrides: Partial<ShowtimeFacts> = {}): ShowtimeFacts {
  return {
    showtime_id: randomUUID(),
    movie_id: randomUUID(),
    movie_title: 'The Matrix',
    theater_id: randomUUID(),
    theater_name: 'Hall 1',
    start_time: '2026-01-10T20:00:00.000Z',
    capacity: 40,
    price: 12.5,
    ...overrides,
  };
}

/** showtime.created for a showtime of 4 rows × capacity/4 seats. */
export function showtimeCreated(s: ShowtimeFacts): EventData<'showtime.created'> {
  const end = new Date(Date.parse(s.start_time) + 2 * 3_600_000).toISOString();
  return {
    showtime_id: s.showtime_id,
    movie_id: s.movie_id,
    movie_title: s.movie_title,
    theater_id: s.theater_id,
    theater_name: s.theater_name,
    start_time: s.start_time,
    end_time: end,
    price: s.price,
    currency: 'USD',
    rows: ['A', 'B', 'C', 'D'],
    seats_per_row: s.capacity / 4,
    capacity: s.capacity,
    status: 'scheduled',
  };
}

export function showtimeCancelled(s: ShowtimeFacts): EventData<'showtime.cancelled'> {
  return { ...showtimeCreated(s), status: 'cancelled', reason: null };
}

export function ticketFacts(showtime: ShowtimeFacts, seats: string[], overrides: Partial<TicketFacts> = {}): TicketFacts {
  return {
    ticket_id: randomUUID(),
    user_id: randomUUID(),
    payment_id: randomUUID(),
    showtime,
    seats,
    amount: showtime.price * seats.length,
    ...overrides,
  };
}

function ticketSnapshot(t: TicketFacts) {
  return {
    ticket_id: t.ticket_id,
    user_id: t.user_id,
    showtime_id: t.showtime.showtime_id,
    movie_id: t.showtime.movie_id,
    movie_title: t.showtime.movie_title,
    theater_name: t.showtime.theater_name,
    start_time: t.showtime.start_time,
    seats: t.seats,
    amount: t.amount,
    currency: 'USD',
    expires_at: t.showtime.start_time,
  };
}

export const ticketReserved = (t: TicketFacts): EventData<'ticket.reserved'> => ({ ...ticketSnapshot(t), status: 'reserved' });
export const ticketConfirmed = (t: TicketFacts): EventData<'ticket.confirmed'> => ({ ...ticketSnapshot(t), status: 'confirmed', payment_id: t.payment_id });
export const ticketExpired = (t: TicketFacts): EventData<'ticket.expired'> => ({ ...ticketSnapshot(t), status: 'expired' });
export const ticketCancelled = (
  t: TicketFacts,
  previous: 'reserved' | 'confirmed' | 'expired' = 'confirmed',
  reason: EventData<'ticket.cancelled'>['reason'] = 'payment_refunded',
): EventData<'ticket.cancelled'> => ({ ...ticketSnapshot(t), status: previous === 'confirmed' ? 'refunded' : 'cancelled', previous_status: previous, reason });

const card = { brand: 'visa', last4: '4242' };

export const paymentSucceeded = (t: TicketFacts): EventData<'payment.succeeded'> => ({
  payment_id: t.payment_id,
  ticket_id: t.ticket_id,
  user_id: t.user_id,
  amount: t.amount,
  currency: 'USD',
  card,
  status: 'succeeded',
});

export const paymentRefunded = (t: TicketFacts, refunded: number, total = refunded): EventData<'payment.refunded'> => ({
  ...paymentSucceeded(t),
  status: total >= t.amount ? 'refunded' : 'partially_refunded',
  refund_id: randomUUID(),
  refunded_amount: refunded,
  total_refunded: total,
  reason: null,
});

/** The events of a ticket bought and paid: reserved, payment.succeeded, confirmed, a minute apart from `at`. */
export function purchase(t: TicketFacts, at: string): Step[] {
  const when = (minutes: number) => new Date(Date.parse(at) + minutes * 60_000).toISOString();
  return [step('ticket.reserved', ticketReserved(t), when(0)), step('payment.succeeded', paymentSucceeded(t), when(1)), step('ticket.confirmed', ticketConfirmed(t), when(1))];
}

/** A full refund of a confirmed ticket: payment.refunded then ticket.cancelled. */
export function fullRefund(t: TicketFacts, at: string): Step[] {
  return [step('payment.refunded', paymentRefunded(t, t.amount), at), step('ticket.cancelled', ticketCancelled(t), at)];
}

export function userRegistered(userId: string, name = 'Ada Lovelace'): EventData<'user.registered'> {
  return {
    user_id: userId,
    email: `${userId}@example.com`,
    username: null,
    first_name: null,
    last_name: null,
    name,
    city: null,
    country: null,
    phone_number: null,
    genres: [],
    role: 'user',
    maturity_filter: 'all',
    preferred_language: null,
  };
}

export function movieCreated(movieId: string, title: string): EventData<'movie.created'> {
  return { movie_id: movieId, title, year: 1999, release_date: null, runtime: 136, genres: ['Action'], language: 'en', poster_url: null, tmdb_id: null, is_series: false, deleted: false };
}

export function review(movieId: string, userId: string, rating: number, reviewId = randomUUID()): EventData<'review.created'> {
  return { review_id: reviewId, movie_id: movieId, user_id: userId, rating };
}

export function pointsChanged(userId: string, balance: number, lifetime: number, tier: 'bronze' | 'silver' | 'gold' | 'platinum' = 'bronze'): EventData<'loyalty.points_changed'> {
  return { user_id: userId, delta: 10, balance, lifetime_points: lifetime, tier, reason: 'ticket_purchase', source_id: null, note: null };
}

/** One valid event of every type of the catalogue, all about one showtime, ticket and user. */
export function catalogueSamples(): { [K in EventTypeName]: EventData<K> } {
  const showtime = showtimeFacts();
  const t = ticketFacts(showtime, ['A1', 'A2']);
  const user = t.user_id;
  const other = randomUUID();
  const platformEvent = {
    event_id: randomUUID(),
    title: 'Directors talk',
    organizer_id: other,
    category: null,
    location: null,
    start_at: '2026-02-01T18:00:00.000Z',
    end_at: '2026-02-01T20:00:00.000Z',
    capacity: 50,
    registered: 1,
  };
  const registration = {
    registration_id: randomUUID(),
    event_id: platformEvent.event_id,
    user_id: user,
    session_ids: [],
    event_title: platformEvent.title,
    event_start_at: platformEvent.start_at,
  };
  const video = { video_id: randomUUID(), user_id: other, title: 'My clip' };
  const movie = movieCreated(showtime.movie_id, showtime.movie_title);
  return {
    'user.registered': userRegistered(user),
    'user.updated': { ...userRegistered(user), name: 'Ada King' },
    'user.password_reset_requested': { user_id: user, email: `${user}@example.com`, name: 'Ada', otp_code: '123456', expires_at: '2026-01-01T10:15:00.000Z' },
    'movie.created': movie,
    'movie.updated': { ...movie, title: 'The Matrix (1999)' },
    'movie.deleted': { ...movie, deleted: true },
    'movie.viewed': { user_id: user, movie_id: showtime.movie_id, viewed_at: '2026-01-05T10:00:00.000Z' },
    'favourite.added': { user_id: user, movie_id: showtime.movie_id },
    'favourite.removed': { user_id: user, movie_id: showtime.movie_id },
    'showtime.created': showtimeCreated(showtime),
    'showtime.updated': { ...showtimeCreated(showtime), price: 14 },
    'showtime.cancelled': showtimeCancelled(showtime),
    'ticket.reserved': ticketReserved(t),
    'ticket.confirmed': ticketConfirmed(t),
    'ticket.cancelled': ticketCancelled(t),
    'ticket.expired': ticketExpired(t),
    'payment.succeeded': paymentSucceeded(t),
    'payment.failed': { ...paymentSucceeded(t), status: 'failed', failure_code: 'card_declined', failure_message: null },
    'payment.refunded': paymentRefunded(t, t.amount),
    'review.created': review(showtime.movie_id, user, 4),
    'review.updated': { ...review(showtime.movie_id, user, 5), previous_rating: 4 },
    'review.deleted': review(showtime.movie_id, user, 5),
    'loyalty.points_changed': pointsChanged(user, 25, 25),
    'loyalty.tier_changed': { user_id: user, from: 'bronze', to: 'silver', lifetime_points: 500 },
    'reward.redeemed': { user_id: user, reward_id: randomUUID(), reward_name: 'Popcorn', redemption_id: randomUUID(), cost_points: 10, code: 'POP-1', points_left: 15 },
    'event.published': { ...platformEvent, status: 'published' },
    'event.cancelled': { ...platformEvent, status: 'cancelled', attendee_ids: [user], reason: null },
    'registration.created': registration,
    'registration.cancelled': registration,
    'video.uploaded': { ...video, status: 'uploaded', publish_requested: true },
    'video.processed': { ...video, status: 'processed', processed_url: '/videos/clip.mp4', duration_seconds: 20 },
    'video.failed': { ...video, status: 'failed', error: 'not a video' },
    'vote.cast': { video_id: video.video_id, voter_id: user, owner_id: other, total_votes: 1 },
  };
}

/** A shuffle that is the same on every run for one seed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * One movie's story in March 2026: a showtime moved to another day, two buyers, a partial and
 * a full refund, the ticket cancelled, reviews written, changed and deleted, points, a rename.
 */
export function story() {
  const movie = randomUUID();
  const buyer = randomUUID();
  const other = randomUUID();
  const first = showtimeFacts({ movie_id: movie, start_time: '2026-03-10T20:00:00.000Z', capacity: 40 });
  const moved = { ...first, start_time: '2026-03-12T20:00:00.000Z' };
  const kept = ticketFacts(first, ['A1', 'A2'], { user_id: buyer });
  const refunded = ticketFacts(first, ['B1'], { user_id: other });
  const reviewId = randomUUID();
  const steps: Step[] = [
    // The catalogue's title outranks the one tickets copy, whenever it arrives.
    step('movie.created', movieCreated(movie, 'The Matrix Reloaded'), '2026-03-04T09:00:00.000Z'),
    step('user.registered', userRegistered(buyer, 'Ada'), '2026-03-01T09:00:00.000Z'),
    step('user.updated', { ...userRegistered(buyer, 'Ada King') }, '2026-03-03T09:00:00.000Z'),
    step('showtime.created', showtimeCreated(first), '2026-03-01T10:00:00.000Z'),
    step('showtime.updated', { ...showtimeCreated(moved), status: 'scheduled' }, '2026-03-02T10:00:00.000Z'),
    ...purchase(kept, '2026-03-05T10:00:00.000Z'),
    step('payment.refunded', paymentRefunded(kept, 5), '2026-03-06T10:00:00.000Z'),
    ...purchase(refunded, '2026-03-05T11:00:00.000Z'),
    step('payment.refunded', paymentRefunded(refunded, 12.5), '2026-03-07T10:00:00.000Z'),
    step('ticket.cancelled', ticketCancelled(refunded), '2026-03-07T10:00:00.000Z'),
    step('review.created', review(movie, buyer, 2, reviewId), '2026-03-08T10:00:00.000Z'),
    step('review.updated', { ...review(movie, buyer, 5, reviewId), previous_rating: 2 }, '2026-03-09T10:00:00.000Z'),
    step('review.created', review(movie, other, 1), '2026-03-08T10:00:00.000Z'),
    step('review.deleted', review(movie, other, 1), '2026-03-09T10:00:00.000Z'),
    step('loyalty.points_changed', pointsChanged(buyer, 25, 25), '2026-03-05T10:02:00.000Z'),
    step('loyalty.points_changed', pointsChanged(buyer, 20, 25), '2026-03-06T10:02:00.000Z'),
  ];
  // The second review.created/deleted pair must name one review.
  const secondReview = randomUUID();
  for (const s of steps) if (s.type.startsWith('review.') && (s.data as { user_id: string }).user_id === other) (s.data as { review_id: string }).review_id = secondReview;
  return { movie, buyer, other, steps, showtime: first.showtime_id };
}

export type Story = ReturnType<typeof story>;

export class AnalyticsTestKit extends ServiceTestKit<ServiceHandle<typeof analyticsService>> {
  private adminToken?: IssuedToken;

  constructor(env: Record<string, string> = {}) {
    super(analyticsService, { env });
  }

  get admin(): IssuedToken {
    this.adminToken ??= this.user('admin');
    return this.adminToken;
  }

  /** POST /api/analytics/events as an admin. */
  post(s: Step): Promise<Answer> {
    return this.call('POST', '/api/analytics/events', { token: this.admin.token, body: { type: s.type, data: s.data, time: s.time, id: s.id } });
  }

  /** Records the steps one after the other through the API, each answered 201. */
  async record(steps: readonly Step[]): Promise<void> {
    for (const s of steps) {
      const answer = await this.post(s);
      if (answer.status !== 201) throw new Error(`recording ${s.type} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
  }

  /** Records the steps through RabbitMQ, each with its id and time, waiting until each is handled. */
  async deliverAll(steps: readonly Step[]): Promise<void> {
    for (const s of steps) await this.deliver(s.type, s.data as never, { id: s.id, time: s.time });
  }

  /** GET as an admin; throws unless 200. */
  async get(path: string): Promise<any> {
    const answer = await this.call('GET', path, { token: this.admin.token });
    if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** Every report about these movies, users and the period, as clients see them. */
  async answers(options: { movies: string[]; users: string[]; from: string; to: string }): Promise<Record<string, unknown>> {
    const period = `from=${options.from}&to=${options.to}`;
    const out: Record<string, unknown> = {
      dashboard: await this.get(`/api/analytics/dashboard?${period}&top=10`),
      daily: await this.get(`/api/analytics/sales?${period}&granularity=day`),
      weekly: await this.get(`/api/analytics/sales?${period}&granularity=week`),
      monthly: await this.get(`/api/analytics/sales?${period}&granularity=month`),
      showtimes: await this.get(`/api/analytics/occupancy?${period}&by=showtime&limit=100`),
      theaters: await this.get(`/api/analytics/occupancy?${period}&by=theater&limit=100`),
    };
    for (const movie of options.movies) out[`movie ${movie}`] = await this.get(`/api/analytics/movies/${movie}/metrics`);
    for (const user of options.users) out[`user ${user}`] = await this.get(`/api/analytics/users/${user}/behavior`);
    return out;
  }

  /** What the reports say about a story's movie and users, without their ids (to compare two tellings). */
  async storyAnswers(s: Story): Promise<Record<string, unknown>> {
    const metrics = await this.get(`/api/analytics/movies/${s.movie}/metrics`);
    const sales = await this.get(`/api/analytics/sales?from=2026-03-01&to=2026-03-31&granularity=week&movie_id=${s.movie}`);
    const occupancy = await this.get(`/api/analytics/occupancy?from=2026-03-01&to=2026-03-31&movie_id=${s.movie}`);
    const buyer = await this.get(`/api/analytics/users/${s.buyer}/behavior`);
    const other = await this.get(`/api/analytics/users/${s.other}/behavior`);
    const { movie_id: _m, ...movieFigures } = metrics;
    const { movie_id: _s, ...salesFigures } = sales;
    const { user_id: _b, ...buyerFigures } = buyer;
    const { user_id: _o, ...otherFigures } = other;
    return {
      movie: movieFigures,
      sales: salesFigures,
      occupancy: { totals: occupancy.totals, days: occupancy.items.map((i: { start_time: string }) => i.start_time) },
      buyer: buyerFigures,
      other: otherFigures,
    };
  }
}
