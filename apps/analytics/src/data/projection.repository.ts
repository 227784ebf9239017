import type { Db } from '@marquee/service';
import type { FactStamp, FavouriteState, RefundState, ReviewState, TicketState, UserState } from '../domain/facts';
import type { EngagementDelta, MovieFact, ProjectionStore, ReviewsDelta, SalesDelta, ShowtimeFact } from '../domain/projection.store';

/** Every table derived from domain_events: what a replay empties and rebuilds. */
export const DERIVED_TABLES = [
  'movies',
  'ticket_facts',
  'payment_refunds',
  'review_facts',
  'redemptions',
  'daily_sales',
  'showtime_stats',
  'movie_reviews',
  'daily_users',
  'user_stats',
  'user_spend',
  'favourite_facts',
  'movie_engagement',
] as const;

/** `stored` holds an older fact than the row being written (or none): the SQL twin of `isNewer`. */
const newer = (stored: string, time: string, event: string) =>
  `(${stored}.${time} IS NULL OR (${stored}.${time}, ${stored}.${event}) < (EXCLUDED.${time}, EXCLUDED.${event}))`;

const stampOf = (time: Date | null, event: string | null): FactStamp | null => (time && event ? { time, event } : null);

const cents = (amount: string | null): number => (amount === null ? 0 : Math.round(Number(amount) * 100));

interface TicketRow {
  ticket_id: string;
  user_id: string | null;
  showtime_id: string | null;
  movie_id: string | null;
  seats: number | null;
  amount: string | null;
  currency: string | null;
  confirmed_at: Date | null;
  confirmed_event: string | null;
  confirmed_payment_id: string | null;
  reversed: boolean;
}

interface ReviewRow {
  review_id: string;
  movie_id: string | null;
  user_id: string | null;
  rating: number | null;
  deleted: boolean;
  fact_time: Date | null;
  fact_event: string | null;
}

interface UserRow {
  user_id: string;
  name: string | null;
  name_time: Date | null;
  name_event: string | null;
  registered_at: Date | null;
  registered_event: string | null;
}

/** An amount in cents, written into a numeric column as `$n::numeric / 100` (exact). */
interface Money {
  cents: number;
}
const money = (cents: number): Money => ({ cents });

/**
 * Adds `deltas` to the counters of the row with `key`, creating it (counters at 0) when missing.
 * Two statements rather than one upsert: PostgreSQL checks an upsert's proposed row against the
 * CHECK constraints even when it conflicts, and a negative delta is not a valid row, while the
 * sum is. The first `keyColumns` columns of `key` are the conflict target; the rest are only set
 * on insert (showtime_stats' movie_id).
 */
async function addTo(
  db: Db,
  table: string,
  key: Record<string, string>,
  deltas: Record<string, number | Money>,
  keyColumns = Object.keys(key).length,
): Promise<void> {
  const keyNames = Object.keys(key);
  const conflict = keyNames.slice(0, keyColumns);
  const keyValues = keyNames.map((k) => key[k]);
  await db.query(
    `INSERT INTO ${table} (${keyNames.join(', ')}) VALUES (${keyNames.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT (${conflict.join(', ')}) DO NOTHING`,
    keyValues,
  );
  const columns = Object.keys(deltas);
  const values = columns.map((c) => {
    const delta = deltas[c] as number | Money;
    return typeof delta === 'number' ? delta : delta.cents;
  });
  const sets = columns.map((c, i) => {
    const at = `$${conflict.length + i + 1}`;
    return typeof deltas[c] === 'number' ? `${c} = ${c} + ${at}::int` : `${c} = ${c} + ${at}::numeric / 100`;
  });
  await db.query(
    `UPDATE ${table} SET ${sets.join(', ')} WHERE ${conflict.map((k, i) => `${k} = $${i + 1}`).join(' AND ')}`,
    [...conflict.map((k) => key[k]), ...values],
  );
}

/** Creates the row when missing, then locks it until the transaction ends. */
async function lockRow<Row extends object>(db: Db, table: string, key: string, id: string, columns: string): Promise<Row> {
  await db.query(`INSERT INTO ${table} (${key}) VALUES ($1) ON CONFLICT (${key}) DO NOTHING`, [id]);
  const { rows } = await db.query<Row>(`SELECT ${columns} FROM ${table} WHERE ${key} = $1 FOR UPDATE`, [id]);
  return rows[0] as Row;
}

export class ProjectionRepository implements ProjectionStore {
  async reset(db: Db): Promise<void> {
    await db.query(`TRUNCATE ${DERIVED_TABLES.join(', ')}`);
  }

  async lockTicket(db: Db, ticketId: string): Promise<TicketState> {
    const row = await lockRow<TicketRow>(
      db,
      'ticket_facts',
      'ticket_id',
      ticketId,
      'ticket_id, user_id, showtime_id, movie_id, seats, amount, currency, confirmed_at, confirmed_event, confirmed_payment_id, reversed',
    );
    const known = row.user_id && row.showtime_id && row.movie_id && row.seats !== null && row.amount !== null && row.currency;
    const confirmed = stampOf(row.confirmed_at, row.confirmed_event);
    return {
      ticket_id: row.ticket_id,
      snapshot: known
        ? {
            user_id: row.user_id as string,
            showtime_id: row.showtime_id as string,
            movie_id: row.movie_id as string,
            seats: row.seats as number,
            amount_cents: cents(row.amount),
            currency: (row.currency as string).trim(),
          }
        : null,
      confirmed: confirmed && row.confirmed_payment_id ? { ...confirmed, payment_id: row.confirmed_payment_id } : null,
      reversed: row.reversed,
    };
  }

  async saveTicket(db: Db, ticket: TicketState): Promise<void> {
    const s = ticket.snapshot;
    await db.query(
      `UPDATE ticket_facts SET user_id = $2, showtime_id = $3, movie_id = $4, seats = $5, amount = $6::numeric / 100, currency = $7,
         confirmed_at = $8, confirmed_event = $9, confirmed_payment_id = $10, reversed = $11
       WHERE ticket_id = $1`,
      [
        ticket.ticket_id,
        s?.user_id ?? null,
        s?.showtime_id ?? null,
        s?.movie_id ?? null,
        s?.seats ?? null,
        s ? s.amount_cents : null,
        s?.currency ?? null,
        ticket.confirmed?.time ?? null,
        ticket.confirmed?.event ?? null,
        ticket.confirmed?.payment_id ?? null,
        ticket.reversed,
      ],
    );
  }

  async refundOf(db: Db, paymentId: string): Promise<RefundState | null> {
    const { rows } = await db.query<{ total_refunded: string; full_refund: boolean }>(
      'SELECT total_refunded, full_refund FROM payment_refunds WHERE payment_id = $1',
      [paymentId],
    );
    const row = rows[0];
    return row ? { total_refunded_cents: cents(row.total_refunded), full: row.full_refund } : null;
  }

  async saveRefund(db: Db, paymentId: string, ticketId: string, refund: RefundState): Promise<void> {
    await db.query(
      `INSERT INTO payment_refunds (payment_id, ticket_id, total_refunded, full_refund) VALUES ($1, $2, $3::numeric / 100, $4)
       ON CONFLICT (payment_id) DO UPDATE SET total_refunded = EXCLUDED.total_refunded, full_refund = EXCLUDED.full_refund`,
      [paymentId, ticketId, refund.total_refunded_cents, refund.full],
    );
  }

  async applySales(db: Db, delta: SalesDelta): Promise<void> {
    for (const d of delta.daily) {
      await addTo(db, 'daily_sales', { day: d.day, movie_id: d.movie_id, currency: d.currency }, {
        tickets: d.tickets,
        seats: d.seats,
        tickets_refunded: d.tickets_refunded,
        gross: money(d.gross_cents),
        refunded: money(d.refunded_cents),
      });
    }
    for (const d of delta.showtimes) {
      await addTo(db, 'showtime_stats', { showtime_id: d.showtime_id, movie_id: d.movie_id }, { tickets_sold: d.tickets, seats_sold: d.seats }, 1);
    }
    for (const d of delta.users) {
      await addTo(db, 'user_stats', { user_id: d.user_id }, { purchases: d.tickets, seats: d.seats, tickets_refunded: d.tickets_refunded });
    }
    for (const d of delta.spend) {
      await addTo(db, 'user_spend', { user_id: d.user_id, currency: d.currency }, { gross: money(d.gross_cents), refunded: money(d.refunded_cents) });
    }
  }

  async saveMovie(db: Db, movie: MovieFact): Promise<void> {
    await db.query(
      `INSERT INTO movies AS m (movie_id, title, deleted, fact_rank, fact_time, fact_event) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (movie_id) DO UPDATE SET title = EXCLUDED.title, deleted = EXCLUDED.deleted,
         fact_rank = EXCLUDED.fact_rank, fact_time = EXCLUDED.fact_time, fact_event = EXCLUDED.fact_event
       WHERE m.fact_time IS NULL OR (m.fact_rank, m.fact_time, m.fact_event) < (EXCLUDED.fact_rank, EXCLUDED.fact_time, EXCLUDED.fact_event)`,
      [movie.movie_id, movie.title, movie.deleted, movie.rank, movie.stamp.time, movie.stamp.event],
    );
  }

  async touchMovie(db: Db, movieId: string): Promise<void> {
    await db.query('INSERT INTO movies (movie_id) VALUES ($1) ON CONFLICT (movie_id) DO NOTHING', [movieId]);
  }

  async saveShowtime(db: Db, s: ShowtimeFact): Promise<void> {
    await db.query(
      `INSERT INTO showtime_stats AS s (showtime_id, movie_id, movie_title, theater_id, theater_name, start_time, start_day, capacity, status, fact_time, fact_event)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (showtime_id) DO UPDATE SET movie_id = EXCLUDED.movie_id, movie_title = EXCLUDED.movie_title,
         theater_id = EXCLUDED.theater_id, theater_name = EXCLUDED.theater_name, start_time = EXCLUDED.start_time,
         start_day = EXCLUDED.start_day, capacity = EXCLUDED.capacity, status = EXCLUDED.status,
         fact_time = EXCLUDED.fact_time, fact_event = EXCLUDED.fact_event
       WHERE ${newer('s', 'fact_time', 'fact_event')}`,
      [s.showtime_id, s.movie_id, s.movie_title, s.theater_id, s.theater_name, s.start_time, s.start_day, s.capacity, s.status, s.stamp.time, s.stamp.event],
    );
  }

  async lockReview(db: Db, reviewId: string): Promise<ReviewState> {
    const row = await lockRow<ReviewRow>(db, 'review_facts', 'review_id', reviewId, 'review_id, movie_id, user_id, rating, deleted, fact_time, fact_event');
    return { ...row, stamp: stampOf(row.fact_time, row.fact_event) };
  }

  async saveReview(db: Db, review: ReviewState): Promise<void> {
    await db.query(
      'UPDATE review_facts SET movie_id = $2, user_id = $3, rating = $4, deleted = $5, fact_time = $6, fact_event = $7 WHERE review_id = $1',
      [review.review_id, review.movie_id, review.user_id, review.rating, review.deleted, review.stamp?.time ?? null, review.stamp?.event ?? null],
    );
  }

  async applyReviews(db: Db, delta: ReviewsDelta): Promise<void> {
    for (const d of delta.movies) await addTo(db, 'movie_reviews', { movie_id: d.movie_id }, { review_count: d.reviews, rating_sum: d.rating_sum });
    for (const d of delta.users) await addTo(db, 'user_stats', { user_id: d.user_id }, { reviews: d.reviews });
  }

  async lockFavourite(db: Db, userId: string, movieId: string): Promise<FavouriteState> {
    await db.query('INSERT INTO favourite_facts (user_id, movie_id) VALUES ($1, $2) ON CONFLICT (user_id, movie_id) DO NOTHING', [userId, movieId]);
    const { rows } = await db.query<FavouriteState>(
      'SELECT user_id, movie_id, added, removed FROM favourite_facts WHERE user_id = $1 AND movie_id = $2 FOR UPDATE',
      [userId, movieId],
    );
    return rows[0] as FavouriteState;
  }

  async saveFavourite(db: Db, favourite: FavouriteState): Promise<void> {
    await db.query('UPDATE favourite_facts SET added = $3, removed = $4 WHERE user_id = $1 AND movie_id = $2', [
      favourite.user_id,
      favourite.movie_id,
      favourite.added,
      favourite.removed,
    ]);
  }

  async applyEngagement(db: Db, delta: EngagementDelta): Promise<void> {
    for (const d of delta.movies) await addTo(db, 'movie_engagement', { movie_id: d.movie_id }, { views: d.views, favourites: d.favourites });
    for (const d of delta.users) await addTo(db, 'user_stats', { user_id: d.user_id }, { favourites: d.favourites });
  }

  async lockUser(db: Db, userId: string): Promise<UserState> {
    const row = await lockRow<UserRow>(db, 'user_stats', 'user_id', userId, 'user_id, name, name_time, name_event, registered_at, registered_event');
    return {
      user_id: row.user_id,
      name: row.name,
      name_stamp: stampOf(row.name_time, row.name_event),
      registered: stampOf(row.registered_at, row.registered_event),
    };
  }

  async saveUser(db: Db, user: UserState): Promise<void> {
    await db.query(
      'UPDATE user_stats SET name = $2, name_time = $3, name_event = $4, registered_at = $5, registered_event = $6 WHERE user_id = $1',
      [user.user_id, user.name, user.name_stamp?.time ?? null, user.name_stamp?.event ?? null, user.registered?.time ?? null, user.registered?.event ?? null],
    );
  }

  async applyNewUsers(db: Db, delta: Array<{ day: string; new_users: number }>): Promise<void> {
    for (const d of delta) await addTo(db, 'daily_users', { day: d.day }, { new_users: d.new_users });
  }

  async touchUsers(db: Db, userIds: readonly string[]): Promise<void> {
    for (const userId of userIds) {
      await db.query('INSERT INTO user_stats (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING', [userId]);
    }
  }

  async savePoints(db: Db, userId: string, points: { balance: number; lifetime: number; stamp: FactStamp }): Promise<void> {
    await db.query(
      `INSERT INTO user_stats AS u (user_id, points_balance, lifetime_points, points_time, points_event) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id) DO UPDATE SET points_balance = EXCLUDED.points_balance, lifetime_points = EXCLUDED.lifetime_points,
         points_time = EXCLUDED.points_time, points_event = EXCLUDED.points_event
       WHERE ${newer('u', 'points_time', 'points_event')}`,
      [userId, points.balance, points.lifetime, points.stamp.time, points.stamp.event],
    );
  }

  async saveTier(db: Db, userId: string, tier: string, stamp: FactStamp): Promise<void> {
    await db.query(
      `INSERT INTO user_stats AS u (user_id, tier, tier_time, tier_event) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET tier = EXCLUDED.tier, tier_time = EXCLUDED.tier_time, tier_event = EXCLUDED.tier_event
       WHERE ${newer('u', 'tier_time', 'tier_event')}`,
      [userId, tier, stamp.time, stamp.event],
    );
  }

  async recordRedemption(db: Db, redemptionId: string, userId: string): Promise<void> {
    const { rowCount } = await db.query('INSERT INTO redemptions (redemption_id, user_id) VALUES ($1, $2) ON CONFLICT (redemption_id) DO NOTHING', [
      redemptionId,
      userId,
    ]);
    await addTo(db, 'user_stats', { user_id: userId }, { rewards_redeemed: rowCount === 1 ? 1 : 0 });
  }
}
