import type { EventData, EventTypeName } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import { localDay } from './calendar';
import type { StoredEvent } from './event-log.store';
import {
  diffContributions,
  favouriteContribution,
  mergeFavourite,
  mergeRefund,
  mergeReview,
  mergeTicket,
  mergeUser,
  newUserContribution,
  reviewContribution,
  saleContribution,
  toCents,
  type FactStamp,
  type FavouriteFact,
  type RefundState,
  type ReviewFact,
  type SaleContribution,
  type TicketFact,
  type TicketSnapshot,
  type TicketState,
} from './facts';
import type { ProjectionStore, SalesDelta } from './projection.store';

type Applier<K extends EventTypeName> = (db: Db, data: EventData<K>, stamp: FactStamp) => Promise<void>;

const SALE_FIELDS = ['tickets', 'seats', 'tickets_refunded', 'gross_cents', 'refunded_cents'] as const;

/** The differences between two contributions of one ticket, table by table. */
function salesDelta(before: SaleContribution | null, after: SaleContribution | null): SalesDelta {
  return {
    daily: diffContributions(before, after, (c) => `${c.day}|${c.movie_id}|${c.currency}`, SALE_FIELDS).map(({ key, delta }) => ({
      day: key.day,
      movie_id: key.movie_id,
      currency: key.currency,
      ...delta,
    })),
    showtimes: diffContributions(before, after, (c) => c.showtime_id, ['tickets', 'seats'] as const).map(({ key, delta }) => ({
      showtime_id: key.showtime_id,
      movie_id: key.movie_id,
      ...delta,
    })),
    users: diffContributions(before, after, (c) => c.user_id, ['tickets', 'seats', 'tickets_refunded'] as const).map(({ key, delta }) => ({
      user_id: key.user_id,
      ...delta,
    })),
    spend: diffContributions(before, after, (c) => `${c.user_id}|${c.currency}`, ['gross_cents', 'refunded_cents'] as const).map(({ key, delta }) => ({
      user_id: key.user_id,
      currency: key.currency,
      ...delta,
    })),
  };
}

function ticketSnapshot(data: EventData<'ticket.reserved' | 'ticket.confirmed' | 'ticket.cancelled' | 'ticket.expired'>): TicketSnapshot {
  return {
    user_id: data.user_id,
    showtime_id: data.showtime_id,
    movie_id: data.movie_id,
    seats: data.seats.length,
    amount_cents: toCents(data.amount),
    currency: data.currency,
  };
}

/**
 * Applies stored events to the facts and aggregates of a projection store: one applier per event
 * type of the catalogue (the mapped type makes a missing one a compile error). The consumer's
 * store is the database; the replay's is in memory, then written out (ADR 0009).
 */
export class Projector {
  private readonly appliers: { [K in EventTypeName]: Applier<K> };

  constructor(
    private readonly projection: ProjectionStore,
    private readonly timeZone: string,
  ) {
    const touchUser = (pick: (data: never) => string[]) => (db: Db, data: unknown) => this.projection.touchUsers(db, pick(data as never));
    this.appliers = {
      'user.registered': (db, data, stamp) => this.userFact(db, data.user_id, { kind: 'registered', name: data.name, stamp }),
      'user.updated': (db, data, stamp) => this.userFact(db, data.user_id, { kind: 'updated', name: data.name, stamp }),
      'user.password_reset_requested': touchUser((d: EventData<'user.password_reset_requested'>) => [d.user_id]),
      'movie.created': (db, data, stamp) => this.movieFact(db, data, stamp),
      'movie.updated': (db, data, stamp) => this.movieFact(db, data, stamp),
      'movie.deleted': (db, data, stamp) => this.movieFact(db, data, stamp),
      'movie.viewed': (db, data) => this.viewed(db, data.movie_id, data.user_id),
      'favourite.added': (db, data) => this.favouriteFact(db, data.user_id, data.movie_id, 'added'),
      'favourite.removed': (db, data) => this.favouriteFact(db, data.user_id, data.movie_id, 'removed'),
      'showtime.created': (db, data, stamp) => this.showtimeFact(db, data, stamp),
      'showtime.updated': (db, data, stamp) => this.showtimeFact(db, data, stamp),
      'showtime.cancelled': (db, data, stamp) => this.showtimeFact(db, data, stamp),
      'ticket.reserved': (db, data) => this.ticketChange(db, data.ticket_id, { kind: 'seen', snapshot: ticketSnapshot(data) }, data.movie_title),
      'ticket.expired': (db, data) => this.ticketChange(db, data.ticket_id, { kind: 'seen', snapshot: ticketSnapshot(data) }, data.movie_title),
      'ticket.confirmed': (db, data, stamp) =>
        this.ticketChange(db, data.ticket_id, { kind: 'confirmed', snapshot: ticketSnapshot(data), stamp, payment_id: data.payment_id }, data.movie_title),
      'ticket.cancelled': (db, data) =>
        this.ticketChange(db, data.ticket_id, { kind: 'cancelled', snapshot: ticketSnapshot(data), previous_status: data.previous_status }, data.movie_title),
      'payment.succeeded': touchUser((d: EventData<'payment.succeeded'>) => [d.user_id]),
      'payment.failed': touchUser((d: EventData<'payment.failed'>) => [d.user_id]),
      'payment.refunded': (db, data) =>
        this.ticketChange(db, data.ticket_id, null, null, {
          payment_id: data.payment_id,
          user_id: data.user_id,
          refund: { total_refunded_cents: toCents(data.total_refunded), full: data.status === 'refunded' },
        }),
      'review.created': (db, data, stamp) => this.reviewFact(db, data.review_id, { ...data, deleted: false, stamp }),
      'review.updated': (db, data, stamp) => this.reviewFact(db, data.review_id, { ...data, deleted: false, stamp }),
      'review.deleted': (db, data, stamp) => this.reviewFact(db, data.review_id, { ...data, deleted: true, stamp }),
      'loyalty.points_changed': async (db, data, stamp) => {
        await this.projection.savePoints(db, data.user_id, { balance: data.balance, lifetime: data.lifetime_points, stamp });
        await this.projection.saveTier(db, data.user_id, data.tier, stamp);
      },
      'loyalty.tier_changed': (db, data, stamp) => this.projection.saveTier(db, data.user_id, data.to, stamp),
      'reward.redeemed': (db, data) => this.projection.recordRedemption(db, data.redemption_id, data.user_id),
      // Stored in the log; no report reads them yet beyond knowing the users they name.
      'event.published': touchUser((d: EventData<'event.published'>) => [d.organizer_id]),
      'event.cancelled': touchUser((d: EventData<'event.cancelled'>) => [d.organizer_id]),
      'registration.created': touchUser((d: EventData<'registration.created'>) => [d.user_id]),
      'registration.cancelled': touchUser((d: EventData<'registration.cancelled'>) => [d.user_id]),
      'video.uploaded': touchUser((d: EventData<'video.uploaded'>) => [d.user_id]),
      'video.processed': touchUser((d: EventData<'video.processed'>) => [d.user_id]),
      'video.failed': touchUser((d: EventData<'video.failed'>) => [d.user_id]),
      'vote.cast': touchUser((d: EventData<'vote.cast'>) => [d.voter_id, d.owner_id].sort()),
    };
  }

  /** Applies one stored event in `db`'s transaction. */
  async apply(db: Db, event: StoredEvent): Promise<void> {
    const applier = (this.appliers as Record<string, Applier<EventTypeName> | undefined>)[event.type];
    // A type the catalogue no longer has stays in the log and counts for nothing.
    if (!applier) return;
    await applier(db, event.data as never, { time: event.time, event: event.id });
  }

  private dayOf = (instant: Date): string => localDay(instant, this.timeZone);

  private async ticketChange(
    db: Db,
    ticketId: string,
    fact: TicketFact | null,
    movieTitle: string | null,
    refund?: { payment_id: string; user_id: string; refund: RefundState },
  ): Promise<void> {
    const { projection } = this;
    const before = await projection.lockTicket(db, ticketId);
    const refundOf = (ticket: TicketState) => (ticket.confirmed ? projection.refundOf(db, ticket.confirmed.payment_id) : Promise.resolve(null));
    const refundBefore = await refundOf(before);
    const after = fact ? mergeTicket(before, fact) : before;
    if (fact) await projection.saveTicket(db, after);
    if (refund) await projection.saveRefund(db, refund.payment_id, ticketId, mergeRefund(await projection.refundOf(db, refund.payment_id), refund.refund));
    const refundAfter = await refundOf(after);
    if (fact && movieTitle) {
      await projection.saveMovie(db, { movie_id: fact.snapshot.movie_id, title: movieTitle, deleted: false, rank: 0, stamp: { time: new Date(0), event: ticketId } });
    }
    const delta = salesDelta(saleContribution(before, refundBefore, this.dayOf), saleContribution(after, refundAfter, this.dayOf));
    // The buyer becomes known even when nothing moved; their row is locked at its place in the order.
    const buyer = after.snapshot?.user_id ?? refund?.user_id;
    if (buyer && !delta.users.some((u) => u.user_id === buyer)) {
      delta.users.push({ user_id: buyer, tickets: 0, seats: 0, tickets_refunded: 0 });
      delta.users.sort((a, b) => (a.user_id < b.user_id ? -1 : 1));
    }
    await projection.applySales(db, delta);
  }

  private async reviewFact(db: Db, reviewId: string, fact: ReviewFact): Promise<void> {
    const { projection } = this;
    const before = await projection.lockReview(db, reviewId);
    const after = mergeReview(before, { movie_id: fact.movie_id, user_id: fact.user_id, rating: fact.rating, deleted: fact.deleted, stamp: fact.stamp });
    if (after !== before) await projection.saveReview(db, after);
    await projection.touchMovie(db, fact.movie_id);
    const was = reviewContribution(before);
    const is = reviewContribution(after);
    await projection.applyReviews(db, {
      movies: diffContributions(was, is, (c) => c.movie_id, ['reviews', 'rating_sum'] as const).map(({ key, delta }) => ({ movie_id: key.movie_id, ...delta })),
      users: diffContributions(was, is, (c) => c.user_id, ['reviews'] as const).map(({ key, delta }) => ({ user_id: key.user_id, ...delta })),
    });
    await projection.touchUsers(db, [fact.user_id]);
  }

  /** Every stored movie.viewed is one view (the log keeps each event once). */
  private async viewed(db: Db, movieId: string, userId: string): Promise<void> {
    await this.projection.touchMovie(db, movieId);
    await this.projection.applyEngagement(db, { movies: [{ movie_id: movieId, views: 1, favourites: 0 }], users: [] });
    await this.projection.touchUsers(db, [userId]);
  }

  private async favouriteFact(db: Db, userId: string, movieId: string, fact: FavouriteFact): Promise<void> {
    const { projection } = this;
    const before = await projection.lockFavourite(db, userId, movieId);
    const after = mergeFavourite(before, fact);
    await projection.saveFavourite(db, after);
    await projection.touchMovie(db, movieId);
    const was = favouriteContribution(before);
    const is = favouriteContribution(after);
    await projection.applyEngagement(db, {
      movies: diffContributions(was, is, (c) => c.movie_id, ['favourites'] as const).map(({ key, delta }) => ({ movie_id: key.movie_id, views: 0, ...delta })),
      users: diffContributions(was, is, (c) => c.user_id, ['favourites'] as const).map(({ key, delta }) => ({ user_id: key.user_id, ...delta })),
    });
    await projection.touchUsers(db, [userId]);
  }

  private async userFact(db: Db, userId: string, fact: Parameters<typeof mergeUser>[1]): Promise<void> {
    const { projection } = this;
    const before = await projection.lockUser(db, userId);
    const after = mergeUser(before, fact);
    await projection.saveUser(db, after);
    const delta = diffContributions(newUserContribution(before, this.dayOf), newUserContribution(after, this.dayOf), (c) => c.day, ['new_users'] as const);
    await projection.applyNewUsers(db, delta.map(({ key, delta: d }) => ({ day: key.day, new_users: d.new_users })));
  }

  private movieFact(db: Db, data: EventData<'movie.created' | 'movie.updated' | 'movie.deleted'>, stamp: FactStamp): Promise<void> {
    return this.projection.saveMovie(db, { movie_id: data.movie_id, title: data.title, deleted: data.deleted, rank: 1, stamp });
  }

  private showtimeFact(db: Db, data: EventData<'showtime.created' | 'showtime.updated' | 'showtime.cancelled'>, stamp: FactStamp): Promise<void> {
    const start = new Date(data.start_time);
    return this.projection.saveShowtime(db, {
      showtime_id: data.showtime_id,
      movie_id: data.movie_id,
      movie_title: data.movie_title,
      theater_id: data.theater_id,
      theater_name: data.theater_name,
      start_time: start,
      start_day: this.dayOf(start),
      capacity: data.capacity,
      status: data.status,
      stamp,
    });
  }
}
