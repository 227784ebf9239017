import type { Db } from '@marquee/service';
import { isNewer, type FactStamp, type FavouriteState, type RefundState, type ReviewState, type TicketState, type UserState } from '../domain/facts';
import type { EngagementDelta, MovieFact, ReplayProjection, ReviewsDelta, SalesDelta, ShowtimeFact } from '../domain/projection.store';

// The replay's projection: the semantics of ProjectionRepository (projection.repository.ts) on
// maps, so a million events are applied without a round trip each, then written out in bulk.
// The two must agree; the replay tests compare every answer before and after a replay.

interface MovieRow {
  title: string | null;
  deleted: boolean;
  rank: number;
  stamp: FactStamp | null;
}

interface ShowtimeRow {
  movie_id: string;
  fact: ShowtimeFact | null;
  tickets_sold: number;
  seats_sold: number;
}

interface UserRow {
  state: UserState;
  purchases: number;
  seats: number;
  tickets_refunded: number;
  reviews: number;
  favourites: number;
  rewards_redeemed: number;
  points: { balance: number; lifetime: number; stamp: FactStamp } | null;
  tier: { tier: string; stamp: FactStamp } | null;
}

interface SalesRow {
  day: string;
  movie_id: string;
  currency: string;
  tickets: number;
  seats: number;
  tickets_refunded: number;
  gross_cents: number;
  refunded_cents: number;
}

const clone = <T>(value: T): T => structuredClone(value);
const amount = (cents: number) => (cents / 100).toFixed(2);

/** Whether the stored title gives way to `fact`: (rank, time, event) compared as in ProjectionRepository.saveMovie. */
function movieOlder(stored: MovieRow, fact: MovieFact): boolean {
  if (!stored.stamp) return true;
  if (stored.rank !== fact.rank) return stored.rank < fact.rank;
  return isNewer(fact.stamp, stored.stamp);
}

/** Gets the row of `key`, creating it with `create()` when missing. */
function row<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

const CHUNK = 5_000;

/** Inserts `rows` (one array of values per row, in `columns` order) with unnest, in chunks. */
async function bulkInsert(db: Db, table: string, columns: Array<[string, string]>, rows: unknown[][]): Promise<void> {
  for (let at = 0; at < rows.length; at += CHUNK) {
    const chunk = rows.slice(at, at + CHUNK);
    const arrays = columns.map((_, i) => chunk.map((r) => r[i] ?? null));
    await db.query(
      `INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')}) SELECT * FROM unnest(${columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`,
      arrays,
    );
  }
}

export class MemoryProjection implements ReplayProjection {
  private readonly movies = new Map<string, MovieRow>();
  private readonly tickets = new Map<string, TicketState>();
  private readonly refunds = new Map<string, { ticket_id: string; refund: RefundState }>();
  private readonly reviews = new Map<string, ReviewState>();
  private readonly redemptions = new Map<string, string>();
  private readonly dailySales = new Map<string, SalesRow>();
  private readonly showtimes = new Map<string, ShowtimeRow>();
  private readonly movieReviews = new Map<string, { review_count: number; rating_sum: number }>();
  private readonly dailyUsers = new Map<string, number>();
  private readonly users = new Map<string, UserRow>();
  private readonly spend = new Map<string, { user_id: string; currency: string; gross_cents: number; refunded_cents: number }>();
  private readonly favourites = new Map<string, FavouriteState>();
  private readonly engagement = new Map<string, { views: number; favourites: number }>();

  private user(userId: string): UserRow {
    return row(this.users, userId, () => ({
      state: { user_id: userId, name: null, name_stamp: null, registered: null },
      purchases: 0,
      seats: 0,
      tickets_refunded: 0,
      reviews: 0,
      favourites: 0,
      rewards_redeemed: 0,
      points: null,
      tier: null,
    }));
  }

  async reset(): Promise<void> {
    // A fresh projection is empty.
  }

  async lockTicket(_db: Db, ticketId: string): Promise<TicketState> {
    return clone(row(this.tickets, ticketId, () => ({ ticket_id: ticketId, snapshot: null, confirmed: null, reversed: false })));
  }

  async saveTicket(_db: Db, ticket: TicketState): Promise<void> {
    this.tickets.set(ticket.ticket_id, clone(ticket));
  }

  async refundOf(_db: Db, paymentId: string): Promise<RefundState | null> {
    const stored = this.refunds.get(paymentId);
    return stored ? clone(stored.refund) : null;
  }

  async saveRefund(_db: Db, paymentId: string, ticketId: string, refund: RefundState): Promise<void> {
    this.refunds.set(paymentId, { ticket_id: this.refunds.get(paymentId)?.ticket_id ?? ticketId, refund: clone(refund) });
  }

  async applySales(_db: Db, delta: SalesDelta): Promise<void> {
    for (const d of delta.daily) {
      const sales = row(this.dailySales, `${d.day}|${d.movie_id}|${d.currency}`, () => ({
        day: d.day,
        movie_id: d.movie_id,
        currency: d.currency,
        tickets: 0,
        seats: 0,
        tickets_refunded: 0,
        gross_cents: 0,
        refunded_cents: 0,
      }));
      sales.tickets += d.tickets;
      sales.seats += d.seats;
      sales.tickets_refunded += d.tickets_refunded;
      sales.gross_cents += d.gross_cents;
      sales.refunded_cents += d.refunded_cents;
    }
    for (const d of delta.showtimes) {
      const showtime = row(this.showtimes, d.showtime_id, () => ({ movie_id: d.movie_id, fact: null, tickets_sold: 0, seats_sold: 0 }));
      showtime.tickets_sold += d.tickets;
      showtime.seats_sold += d.seats;
    }
    for (const d of delta.users) {
      const user = this.user(d.user_id);
      user.purchases += d.tickets;
      user.seats += d.seats;
      user.tickets_refunded += d.tickets_refunded;
    }
    for (const d of delta.spend) {
      const spend = row(this.spend, `${d.user_id}|${d.currency}`, () => ({ user_id: d.user_id, currency: d.currency, gross_cents: 0, refunded_cents: 0 }));
      spend.gross_cents += d.gross_cents;
      spend.refunded_cents += d.refunded_cents;
    }
  }

  async saveMovie(_db: Db, movie: MovieFact): Promise<void> {
    const stored = this.movies.get(movie.movie_id);
    if (stored && !movieOlder(stored, movie)) return;
    this.movies.set(movie.movie_id, { title: movie.title, deleted: movie.deleted, rank: movie.rank, stamp: clone(movie.stamp) });
  }

  async touchMovie(_db: Db, movieId: string): Promise<void> {
    row(this.movies, movieId, () => ({ title: null, deleted: false, rank: -1, stamp: null }));
  }

  async saveShowtime(_db: Db, showtime: ShowtimeFact): Promise<void> {
    const stored = row(this.showtimes, showtime.showtime_id, () => ({ movie_id: showtime.movie_id, fact: null, tickets_sold: 0, seats_sold: 0 }));
    if (stored.fact && !isNewer(showtime.stamp, stored.fact.stamp)) return;
    stored.movie_id = showtime.movie_id;
    stored.fact = clone(showtime);
  }

  async lockReview(_db: Db, reviewId: string): Promise<ReviewState> {
    return clone(row(this.reviews, reviewId, () => ({ review_id: reviewId, movie_id: null, user_id: null, rating: null, deleted: false, stamp: null })));
  }

  async saveReview(_db: Db, review: ReviewState): Promise<void> {
    this.reviews.set(review.review_id, clone(review));
  }

  async applyReviews(_db: Db, delta: ReviewsDelta): Promise<void> {
    for (const d of delta.movies) {
      const stats = row(this.movieReviews, d.movie_id, () => ({ review_count: 0, rating_sum: 0 }));
      stats.review_count += d.reviews;
      stats.rating_sum += d.rating_sum;
    }
    for (const d of delta.users) this.user(d.user_id).reviews += d.reviews;
  }

  async lockFavourite(_db: Db, userId: string, movieId: string): Promise<FavouriteState> {
    return clone(row(this.favourites, `${userId}|${movieId}`, () => ({ user_id: userId, movie_id: movieId, added: 0, removed: 0 })));
  }

  async saveFavourite(_db: Db, favourite: FavouriteState): Promise<void> {
    this.favourites.set(`${favourite.user_id}|${favourite.movie_id}`, clone(favourite));
  }

  async applyEngagement(_db: Db, delta: EngagementDelta): Promise<void> {
    for (const d of delta.movies) {
      const stats = row(this.engagement, d.movie_id, () => ({ views: 0, favourites: 0 }));
      stats.views += d.views;
      stats.favourites += d.favourites;
    }
    for (const d of delta.users) this.user(d.user_id).favourites += d.favourites;
  }

  async lockUser(_db: Db, userId: string): Promise<UserState> {
    return clone(this.user(userId).state);
  }

  async saveUser(_db: Db, user: UserState): Promise<void> {
    this.user(user.user_id).state = clone(user);
  }

  async applyNewUsers(_db: Db, delta: Array<{ day: string; new_users: number }>): Promise<void> {
    for (const d of delta) this.dailyUsers.set(d.day, (this.dailyUsers.get(d.day) ?? 0) + d.new_users);
  }

  async touchUsers(_db: Db, userIds: readonly string[]): Promise<void> {
    for (const userId of userIds) this.user(userId);
  }

  async savePoints(_db: Db, userId: string, points: { balance: number; lifetime: number; stamp: FactStamp }): Promise<void> {
    const user = this.user(userId);
    if (!user.points || isNewer(points.stamp, user.points.stamp)) user.points = clone(points);
  }

  async saveTier(_db: Db, userId: string, tier: string, stamp: FactStamp): Promise<void> {
    const user = this.user(userId);
    if (!user.tier || isNewer(stamp, user.tier.stamp)) user.tier = { tier, stamp: clone(stamp) };
  }

  async recordRedemption(_db: Db, redemptionId: string, userId: string): Promise<void> {
    const user = this.user(userId);
    if (this.redemptions.has(redemptionId)) return;
    this.redemptions.set(redemptionId, userId);
    user.rewards_redeemed += 1;
  }

  /** Writes every map to its (emptied) table. */
  async writeTo(db: Db): Promise<void> {
    await bulkInsert(
      db,
      'movies',
      [['movie_id', 'uuid'], ['title', 'text'], ['deleted', 'boolean'], ['fact_rank', 'int'], ['fact_time', 'timestamptz'], ['fact_event', 'uuid']],
      [...this.movies].map(([id, m]) => [id, m.title, m.deleted, m.rank, m.stamp?.time, m.stamp?.event]),
    );
    await bulkInsert(
      db,
      'ticket_facts',
      [
        ['ticket_id', 'uuid'], ['user_id', 'uuid'], ['showtime_id', 'uuid'], ['movie_id', 'uuid'], ['seats', 'int'], ['amount', 'numeric'], ['currency', 'text'],
        ['confirmed_at', 'timestamptz'], ['confirmed_event', 'uuid'], ['confirmed_payment_id', 'uuid'], ['reversed', 'boolean'],
      ],
      [...this.tickets.values()].map((t) => [
        t.ticket_id, t.snapshot?.user_id, t.snapshot?.showtime_id, t.snapshot?.movie_id, t.snapshot?.seats,
        t.snapshot ? amount(t.snapshot.amount_cents) : null, t.snapshot?.currency,
        t.confirmed?.time, t.confirmed?.event, t.confirmed?.payment_id, t.reversed,
      ]),
    );
    await bulkInsert(
      db,
      'payment_refunds',
      [['payment_id', 'uuid'], ['ticket_id', 'uuid'], ['total_refunded', 'numeric'], ['full_refund', 'boolean']],
      [...this.refunds].map(([id, r]) => [id, r.ticket_id, amount(r.refund.total_refunded_cents), r.refund.full]),
    );
    await bulkInsert(
      db,
      'review_facts',
      [['review_id', 'uuid'], ['movie_id', 'uuid'], ['user_id', 'uuid'], ['rating', 'int'], ['deleted', 'boolean'], ['fact_time', 'timestamptz'], ['fact_event', 'uuid']],
      [...this.reviews.values()].map((r) => [r.review_id, r.movie_id, r.user_id, r.rating, r.deleted, r.stamp?.time, r.stamp?.event]),
    );
    await bulkInsert(db, 'redemptions', [['redemption_id', 'uuid'], ['user_id', 'uuid']], [...this.redemptions]);
    await bulkInsert(
      db,
      'daily_sales',
      [['day', 'date'], ['movie_id', 'uuid'], ['currency', 'text'], ['tickets', 'int'], ['seats', 'int'], ['tickets_refunded', 'int'], ['gross', 'numeric'], ['refunded', 'numeric']],
      [...this.dailySales.values()].map((s) => [s.day, s.movie_id, s.currency, s.tickets, s.seats, s.tickets_refunded, amount(s.gross_cents), amount(s.refunded_cents)]),
    );
    await bulkInsert(
      db,
      'showtime_stats',
      [
        ['showtime_id', 'uuid'], ['movie_id', 'uuid'], ['movie_title', 'text'], ['theater_id', 'uuid'], ['theater_name', 'text'], ['start_time', 'timestamptz'],
        ['start_day', 'date'], ['capacity', 'int'], ['status', 'text'], ['fact_time', 'timestamptz'], ['fact_event', 'uuid'], ['tickets_sold', 'int'], ['seats_sold', 'int'],
      ],
      [...this.showtimes].map(([id, s]) => [
        id, s.movie_id, s.fact?.movie_title, s.fact?.theater_id, s.fact?.theater_name, s.fact?.start_time, s.fact?.start_day, s.fact?.capacity,
        s.fact?.status, s.fact?.stamp.time, s.fact?.stamp.event, s.tickets_sold, s.seats_sold,
      ]),
    );
    await bulkInsert(
      db,
      'movie_reviews',
      [['movie_id', 'uuid'], ['review_count', 'int'], ['rating_sum', 'int']],
      [...this.movieReviews].map(([id, r]) => [id, r.review_count, r.rating_sum]),
    );
    await bulkInsert(db, 'daily_users', [['day', 'date'], ['new_users', 'int']], [...this.dailyUsers]);
    await bulkInsert(
      db,
      'user_stats',
      [
        ['user_id', 'uuid'], ['name', 'text'], ['name_time', 'timestamptz'], ['name_event', 'uuid'], ['registered_at', 'timestamptz'], ['registered_event', 'uuid'],
        ['purchases', 'int'], ['seats', 'int'], ['tickets_refunded', 'int'], ['reviews', 'int'], ['favourites', 'int'], ['rewards_redeemed', 'int'],
        ['points_balance', 'int'], ['lifetime_points', 'int'], ['points_time', 'timestamptz'], ['points_event', 'uuid'],
        ['tier', 'text'], ['tier_time', 'timestamptz'], ['tier_event', 'uuid'],
      ],
      [...this.users.values()].map((u) => [
        u.state.user_id, u.state.name, u.state.name_stamp?.time, u.state.name_stamp?.event, u.state.registered?.time, u.state.registered?.event,
        u.purchases, u.seats, u.tickets_refunded, u.reviews, u.favourites, u.rewards_redeemed,
        u.points?.balance, u.points?.lifetime, u.points?.stamp.time, u.points?.stamp.event,
        u.tier?.tier, u.tier?.stamp.time, u.tier?.stamp.event,
      ]),
    );
    await bulkInsert(
      db,
      'user_spend',
      [['user_id', 'uuid'], ['currency', 'text'], ['gross', 'numeric'], ['refunded', 'numeric']],
      [...this.spend.values()].map((s) => [s.user_id, s.currency, amount(s.gross_cents), amount(s.refunded_cents)]),
    );
    await bulkInsert(
      db,
      'favourite_facts',
      [['user_id', 'uuid'], ['movie_id', 'uuid'], ['added', 'int'], ['removed', 'int']],
      [...this.favourites.values()].map((f) => [f.user_id, f.movie_id, f.added, f.removed]),
    );
    await bulkInsert(
      db,
      'movie_engagement',
      [['movie_id', 'uuid'], ['views', 'int'], ['favourites', 'int']],
      [...this.engagement].map(([id, e]) => [id, e.views, e.favourites]),
    );
  }
}
