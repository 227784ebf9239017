import {
  diffContributions,
  emptyFavourite,
  emptyReview,
  emptyTicket,
  favouriteContribution,
  mergeFavourite,
  mergeRefund,
  mergeReview,
  mergeTicket,
  reviewContribution,
  saleContribution,
  type FavouriteFact,
  type RefundState,
  type TicketFact,
  type TicketSnapshot,
} from './facts';

const snapshot: TicketSnapshot = {
  user_id: '00000000-0000-4000-8000-000000000001',
  showtime_id: '00000000-0000-4000-8000-000000000002',
  movie_id: '00000000-0000-4000-8000-000000000003',
  seats: 2,
  amount_cents: 2500,
  currency: 'USD',
};
const dayOf = (instant: Date) => instant.toISOString().slice(0, 10);

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('tickets', () => {
  const facts: TicketFact[] = [
    { kind: 'seen', snapshot },
    { kind: 'confirmed', snapshot, stamp: { time: new Date('2026-01-02T10:00:00Z'), event: 'b' }, payment_id: 'p1' },
    // The same confirmation told again, later, under another event id (a producer's retry).
    { kind: 'confirmed', snapshot, stamp: { time: new Date('2026-01-03T10:00:00Z'), event: 'a' }, payment_id: 'p1' },
    { kind: 'cancelled', snapshot, previous_status: 'confirmed' },
  ];

  it('when the facts of a ticket arrive in any order, then the merged ticket is the same', () => {
    const results = permutations(facts).map((order) => order.reduce(mergeTicket, emptyTicket('t')));
    for (const result of results) expect(result).toEqual(results[0]);
    expect(results[0]).toEqual({
      ticket_id: 't',
      snapshot,
      confirmed: { time: new Date('2026-01-02T10:00:00Z'), event: 'b', payment_id: 'p1' },
      reversed: true,
    });
  });

  it('when refunds of one payment arrive in any order, then the largest total stands and a full one stays full', () => {
    const refunds: RefundState[] = [
      { total_refunded_cents: 500, full: false },
      { total_refunded_cents: 2500, full: true },
      { total_refunded_cents: 1000, full: false },
    ];
    for (const order of permutations(refunds)) {
      expect(order.reduce<RefundState | null>(mergeRefund, null)).toEqual({ total_refunded_cents: 2500, full: true });
    }
  });

  it('when a ticket is not confirmed, then it adds nothing; confirmed, one ticket, its seats and its amount on the day of confirmation', () => {
    expect(saleContribution(mergeTicket(emptyTicket('t'), facts[0] as TicketFact), null, dayOf)).toBeNull();
    const confirmed = mergeTicket(emptyTicket('t'), facts[1] as TicketFact);
    expect(saleContribution(confirmed, null, dayOf)).toMatchObject({ day: '2026-01-02', tickets: 1, seats: 2, tickets_refunded: 0, gross_cents: 2500, refunded_cents: 0 });
    // A partial refund keeps the seats sold and takes back money only.
    expect(saleContribution(confirmed, { total_refunded_cents: 500, full: false }, dayOf)).toMatchObject({ tickets: 1, seats: 2, refunded_cents: 500 });
    // A full refund reverses the sale even before ticket.cancelled says so.
    expect(saleContribution(confirmed, { total_refunded_cents: 2500, full: true }, dayOf)).toMatchObject({ tickets: 0, seats: 0, tickets_refunded: 1, gross_cents: 2500, refunded_cents: 2500 });
  });

  it('when refunds add up to more than the ticket cost, then no more than its amount counts as refunded', () => {
    const confirmed = mergeTicket(emptyTicket('t'), facts[1] as TicketFact);
    expect(saleContribution(confirmed, { total_refunded_cents: 9999, full: false }, dayOf)?.refunded_cents).toBe(2500);
  });
});

describe('reviews', () => {
  const movie = 'm';
  const user = 'u';
  const at = (iso: string, event: string) => ({ time: new Date(iso), event });

  it('when an update and a deletion of one instant arrive in either order, then the deletion wins', () => {
    const update = { movie_id: movie, user_id: user, rating: 4, deleted: false, stamp: at('2026-01-01T10:00:00Z', 'z') };
    const deletion = { movie_id: movie, user_id: user, rating: 4, deleted: true, stamp: at('2026-01-01T10:00:00Z', 'a') };
    expect(mergeReview(mergeReview(emptyReview('r'), update), deletion).deleted).toBe(true);
    expect(mergeReview(mergeReview(emptyReview('r'), deletion), update).deleted).toBe(true);
  });

  it('when an older rating arrives after a newer one, then the newer stands', () => {
    const newer = { movie_id: movie, user_id: user, rating: 5, deleted: false, stamp: at('2026-01-02T10:00:00Z', 'a') };
    const older = { movie_id: movie, user_id: user, rating: 1, deleted: false, stamp: at('2026-01-01T10:00:00Z', 'b') };
    const review = mergeReview(mergeReview(emptyReview('r'), newer), older);
    expect(reviewContribution(review)).toEqual({ movie_id: movie, user_id: user, reviews: 1, rating_sum: 5 });
  });
});

describe('favourites', () => {
  const count = (facts: FavouriteFact[]) => favouriteContribution(facts.reduce(mergeFavourite, emptyFavourite('u', 'm')))?.favourites ?? 0;

  it('when a pair was added, removed and added again, then in any order of arrival it counts once', () => {
    const results = permutations<FavouriteFact>(['added', 'removed', 'added']).map(count);
    expect(results).toEqual(results.map(() => 1));
  });

  it('when a removal arrives before its addition, then the pair counts nothing, never less, and nothing once both are in', () => {
    expect(count(['removed'])).toBe(0);
    expect(count(['removed', 'added'])).toBe(0);
    expect(count(['removed', 'removed', 'added'])).toBe(0);
    expect(favouriteContribution(emptyFavourite('u', 'm'))).toBeNull();
  });

  it('when the pair counts, then it counts for its movie and its user', () => {
    expect(favouriteContribution(mergeFavourite(emptyFavourite('u', 'm'), 'added'))).toEqual({ movie_id: 'm', user_id: 'u', favourites: 1 });
  });
});

describe('diffContributions', () => {
  it('when a contribution moves from one key to another, then the old key loses it and the new one gains it, in key order', () => {
    const rows = diffContributions({ k: 'b', n: 2, m: 1 }, { k: 'a', n: 3, m: 1 }, (c) => c.k, ['n', 'm'] as const);
    expect(rows).toEqual([
      { key: { k: 'a', n: 3, m: 1 }, delta: { n: 3, m: 1 } },
      { key: { k: 'b', n: 2, m: 1 }, delta: { n: -2, m: -1 } },
    ]);
  });

  it('when nothing changes, then there is no row to write', () => {
    expect(diffContributions({ k: 'a', n: 2 }, { k: 'a', n: 2 }, (c) => c.k, ['n'] as const)).toEqual([]);
    expect(diffContributions<{ k: string; n: number }, 'n'>(null, null, (c) => c.k, ['n'])).toEqual([]);
  });
});
