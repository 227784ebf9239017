/**
 * How the facts events state about one thing are merged, and what each thing adds to the
 * aggregates. Every merge is order-independent (the newest fact wins, ties broken by the event
 * id; sets only grow; the earliest confirmation counts), so the same events in any order, once
 * or many times, end in the same state. The aggregates then move by the difference between a
 * thing's contribution before and after an event ({@link diffContributions}), which keeps them
 * equal to the sum over the current states.
 */

/** Which event stated a fact: its time, and its id to break ties. */
export interface FactStamp {
  time: Date;
  event: string;
}

/** Whether `a` is a newer fact than `b` (an absent `b` is older than anything). */
export function isNewer(a: FactStamp, b: FactStamp | null): boolean {
  if (!b) return true;
  const at = a.time.getTime();
  const bt = b.time.getTime();
  return at !== bt ? at > bt : a.event > b.event;
}

/** Money in cents, so sums and differences stay exact. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

// ---------------------------------------------------------------------------------------------
// Tickets

/** What every ticket event says of the ticket (the same in all of them). */
export interface TicketSnapshot {
  user_id: string;
  showtime_id: string;
  movie_id: string;
  seats: number;
  amount_cents: number;
  currency: string;
}

export interface TicketState {
  ticket_id: string;
  /** Null while only a payment event has named the ticket. */
  snapshot: TicketSnapshot | null;
  /** The earliest ticket.confirmed, and the payment it names. */
  confirmed: (FactStamp & { payment_id: string }) | null;
  /** A confirmed sale was reversed (ticket.cancelled with previous_status `confirmed`). */
  reversed: boolean;
}

/** Refunds of one payment so far. */
export interface RefundState {
  total_refunded_cents: number;
  /** A refund of the whole amount (`status: refunded`) was announced. */
  full: boolean;
}

export type TicketFact =
  | { kind: 'seen'; snapshot: TicketSnapshot }
  | { kind: 'confirmed'; snapshot: TicketSnapshot; stamp: FactStamp; payment_id: string }
  | { kind: 'cancelled'; snapshot: TicketSnapshot; previous_status: 'reserved' | 'confirmed' | 'cancelled' | 'expired' };

export function emptyTicket(ticketId: string): TicketState {
  return { ticket_id: ticketId, snapshot: null, confirmed: null, reversed: false };
}

export function mergeTicket(state: TicketState, fact: TicketFact): TicketState {
  const next: TicketState = { ...state, snapshot: state.snapshot ?? fact.snapshot };
  if (fact.kind === 'confirmed') {
    const stamp = { ...fact.stamp, payment_id: fact.payment_id };
    // The earliest confirmation counts: it is when the sale happened.
    if (!state.confirmed || isNewer(state.confirmed, fact.stamp)) next.confirmed = stamp;
  }
  if (fact.kind === 'cancelled' && fact.previous_status === 'confirmed') next.reversed = true;
  return next;
}

export function mergeRefund(state: RefundState | null, refund: RefundState): RefundState {
  if (!state) return refund;
  return { total_refunded_cents: Math.max(state.total_refunded_cents, refund.total_refunded_cents), full: state.full || refund.full };
}

/** What one sale adds to the sales aggregates (daily_sales, showtime_stats, user_stats, user_spend). */
export interface SaleContribution {
  day: string;
  movie_id: string;
  showtime_id: string;
  user_id: string;
  currency: string;
  tickets: number;
  seats: number;
  tickets_refunded: number;
  gross_cents: number;
  refunded_cents: number;
}

/**
 * What a ticket adds to the sales: nothing until it is confirmed; then one ticket and its seats
 * on the day of confirmation (in `timeZone`), its amount as gross, and the refunds of the
 * confirming payment (never more than the amount). A reversal (the ticket cancelled after it was
 * confirmed, or the confirming payment refunded in full) takes the ticket and its seats out and
 * counts it as refunded; its gross stays, its refunds say what went back.
 */
export function saleContribution(
  ticket: TicketState,
  refund: RefundState | null,
  dayOf: (instant: Date) => string,
): SaleContribution | null {
  if (!ticket.confirmed || !ticket.snapshot) return null;
  const s = ticket.snapshot;
  const reversed = ticket.reversed || refund?.full === true;
  return {
    day: dayOf(ticket.confirmed.time),
    movie_id: s.movie_id,
    showtime_id: s.showtime_id,
    user_id: s.user_id,
    currency: s.currency,
    tickets: reversed ? 0 : 1,
    seats: reversed ? 0 : s.seats,
    tickets_refunded: reversed ? 1 : 0,
    gross_cents: s.amount_cents,
    refunded_cents: Math.min(s.amount_cents, refund?.total_refunded_cents ?? 0),
  };
}

// ---------------------------------------------------------------------------------------------
// Reviews

export interface ReviewState {
  review_id: string;
  movie_id: string | null;
  user_id: string | null;
  rating: number | null;
  deleted: boolean;
  stamp: FactStamp | null;
}

export interface ReviewFact {
  movie_id: string;
  user_id: string;
  rating: number;
  deleted: boolean;
  stamp: FactStamp;
}

export function emptyReview(reviewId: string): ReviewState {
  return { review_id: reviewId, movie_id: null, user_id: null, rating: null, deleted: false, stamp: null };
}

/** The newest fact wins; of two at the same instant, a deletion beats an update; then the event id decides. */
export function mergeReview(state: ReviewState, fact: ReviewFact): ReviewState {
  const stored = state.stamp;
  let wins: boolean;
  if (!stored) wins = true;
  else if (fact.stamp.time.getTime() !== stored.time.getTime()) wins = fact.stamp.time.getTime() > stored.time.getTime();
  else if (fact.deleted !== state.deleted) wins = fact.deleted;
  else wins = fact.stamp.event > stored.event;
  if (!wins) return state;
  return { review_id: state.review_id, movie_id: fact.movie_id, user_id: fact.user_id, rating: fact.rating, deleted: fact.deleted, stamp: fact.stamp };
}

export interface ReviewContribution {
  movie_id: string;
  user_id: string;
  reviews: number;
  rating_sum: number;
}

/** A review that exists counts once with its rating; a deleted one counts nothing. */
export function reviewContribution(review: ReviewState): ReviewContribution | null {
  if (review.deleted || !review.movie_id || !review.user_id || review.rating === null) return null;
  return { movie_id: review.movie_id, user_id: review.user_id, reviews: 1, rating_sum: review.rating };
}

// ---------------------------------------------------------------------------------------------
// Users

export interface UserState {
  user_id: string;
  name: string | null;
  name_stamp: FactStamp | null;
  /** The earliest user.registered. */
  registered: FactStamp | null;
}

export type UserFact = { kind: 'registered' | 'updated'; name: string; stamp: FactStamp };

export function mergeUser(state: UserState, fact: UserFact): UserState {
  const next = { ...state };
  if (isNewer(fact.stamp, state.name_stamp)) {
    next.name = fact.name;
    next.name_stamp = fact.stamp;
  }
  if (fact.kind === 'registered' && (!state.registered || isNewer(state.registered, fact.stamp))) next.registered = fact.stamp;
  return next;
}

/** A registered user counts once, on the day of registration. */
export function newUserContribution(user: UserState, dayOf: (instant: Date) => string): { day: string; new_users: number } | null {
  return user.registered ? { day: dayOf(user.registered.time), new_users: 1 } : null;
}

// ---------------------------------------------------------------------------------------------
// Favourites

/** One user's favourite of one movie: how many favourite.added and favourite.removed were seen. */
export interface FavouriteState {
  user_id: string;
  movie_id: string;
  added: number;
  removed: number;
}

export type FavouriteFact = 'added' | 'removed';

export function emptyFavourite(userId: string, movieId: string): FavouriteState {
  return { user_id: userId, movie_id: movieId, added: 0, removed: 0 };
}

/** Counts the event; counts commute, so any order of arrival ends in the same state. */
export function mergeFavourite(state: FavouriteState, fact: FavouriteFact): FavouriteState {
  return fact === 'added' ? { ...state, added: state.added + 1 } : { ...state, removed: state.removed + 1 };
}

export interface FavouriteContribution {
  movie_id: string;
  user_id: string;
  favourites: number;
}

/**
 * A pair counts once while more favourite.added than favourite.removed were seen. The movies
 * service announces only real changes, so a pair's events alternate from an added one: added >
 * removed exactly when the last change was an addition. A removal that arrives before its
 * addition leaves the pair at nothing, never below it, until the addition arrives.
 */
export function favouriteContribution(favourite: FavouriteState): FavouriteContribution | null {
  return favourite.added > favourite.removed ? { movie_id: favourite.movie_id, user_id: favourite.user_id, favourites: 1 } : null;
}

// ---------------------------------------------------------------------------------------------
// Differences

/**
 * What moving from contribution `before` to `after` does to the aggregate rows: each key's
 * numeric fields as `after − before`, zero rows dropped, sorted by key so that concurrent
 * transactions lock aggregate rows in one order.
 */
export function diffContributions<C extends object, F extends keyof C>(
  before: C | null,
  after: C | null,
  keyOf: (c: C) => string,
  fields: readonly F[],
): Array<{ key: C; delta: Record<F, number> }> {
  const rows = new Map<string, { key: C; delta: Record<F, number> }>();
  const add = (c: C | null, sign: 1 | -1) => {
    if (!c) return;
    const k = keyOf(c);
    const row = rows.get(k) ?? { key: c, delta: Object.fromEntries(fields.map((f) => [f, 0])) as Record<F, number> };
    for (const f of fields) row.delta[f] += sign * (c[f] as number);
    rows.set(k, row);
  };
  add(before, -1);
  add(after, 1);
  return [...rows.entries()]
    .filter(([, row]) => fields.some((f) => row.delta[f] !== 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, row]) => row);
}
