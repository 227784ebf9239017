import { randomUUID } from 'node:crypto';
import {
  AnalyticsTestKit,
  paymentRefunded,
  purchase,
  showtimeCreated,
  showtimeFacts,
  shuffled,
  step,
  story,
  ticketCancelled,
  ticketConfirmed,
  ticketFacts,
  type Story,
} from '../../test/analytics-test-kit';

describe('analytics service: events out of order, twice, and at the same time', () => {
  const kit = new AnalyticsTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  const answersOf = (s: Story) => kit.storyAnswers(s);

  it('when a story is told in order, then the answers are its figures', async () => {
    const s = story();
    await kit.record(s.steps);
    const answers = await answersOf(s);
    expect(answers.movie as object).toMatchObject({ title: 'The Matrix Reloaded', tickets: 1, seats: 2, tickets_refunded: 1, gross_revenue: 37.5, refunded: 17.5, revenue: 20, rating: 5, reviews: 1 });
    expect(answers.occupancy).toEqual({ totals: { showtimes: 1, seats_sold: 2, capacity: 40, rate: 0.05 }, days: ['2026-03-12T20:00:00.000Z'] });
    expect(answers.buyer).toMatchObject({ name: 'Ada King', purchases: 1, seats: 2, spend: 20, refunded: 5, reviews: 1, points: 20 });
    expect(answers.other).toMatchObject({ purchases: 0, tickets_refunded: 1, spend: 0, reviews: 0 });
  });

  it('when the same story arrives in any of several orders, or with every event twice, then the answers are the same', async () => {
    const inOrder = story();
    await kit.record(inOrder.steps);
    const expected = await answersOf(inOrder);
    for (const seed of [1, 7, 42, 1234, 99991]) {
      const s = story();
      await kit.record(shuffled(s.steps, seed));
      expect({ seed, answers: await answersOf(s) }).toEqual({ seed, answers: expected });
    }
    const reversed = story();
    await kit.record([...reversed.steps].reverse());
    expect(await answersOf(reversed)).toEqual(expected);
    // Each event twice under two ids, as a producer that retries its publish would send it.
    const twice = story();
    await kit.record([...twice.steps, ...twice.steps.map((s) => ({ ...s, id: randomUUID() }))]);
    expect(await answersOf(twice)).toEqual(expected);
  });

  it('when a full refund arrives before the payment and the confirmation, then the sale ends reversed and refunded, never negative', async () => {
    const showtime = showtimeFacts({ start_time: '2026-05-10T20:00:00.000Z' });
    const ticket = ticketFacts(showtime, ['A1', 'A2']);
    await kit.record([step('showtime.created', showtimeCreated(showtime), '2026-05-01T10:00:00.000Z')]);
    // The refund alone knows no ticket yet: nothing to count.
    await kit.record([step('payment.refunded', paymentRefunded(ticket, ticket.amount), '2026-05-03T10:00:00.000Z')]);
    expect(await kit.get(`/api/analytics/users/${ticket.user_id}/behavior`)).toMatchObject({ purchases: 0, spend: 0, refunded: 0 });
    await kit.record([step('ticket.confirmed', ticketConfirmed(ticket), '2026-05-02T10:00:00.000Z')]);
    expect(await kit.get(`/api/analytics/movies/${showtime.movie_id}/metrics`)).toMatchObject({
      tickets: 0,
      seats: 0,
      tickets_refunded: 1,
      gross_revenue: 25,
      refunded: 25,
      revenue: 0,
      occupancy: { seats_sold: 0, capacity: 40 },
    });
    const day = await kit.get(`/api/analytics/sales?from=2026-05-02&to=2026-05-02&movie_id=${showtime.movie_id}`);
    expect(day.totals).toMatchObject({ tickets: 0, tickets_refunded: 1, revenue: 0 });
  });

  it('when a ticket is cancelled before it is confirmed (a late payment refunded), then no sale is counted', async () => {
    const showtime = showtimeFacts({ start_time: '2026-05-11T20:00:00.000Z' });
    const ticket = ticketFacts(showtime, ['C1']);
    await kit.record([
      step('ticket.cancelled', ticketCancelled(ticket, 'expired', 'payment_late'), '2026-05-02T10:05:00.000Z'),
      step('payment.refunded', paymentRefunded(ticket, ticket.amount), '2026-05-02T10:06:00.000Z'),
      step('payment.succeeded', purchase(ticket, '2026-05-02T10:00:00.000Z')[1]?.data as never, '2026-05-02T10:01:00.000Z'),
    ]);
    expect(await kit.get(`/api/analytics/movies/${showtime.movie_id}/metrics`)).toMatchObject({ tickets: 0, tickets_refunded: 0, gross_revenue: 0, refunded: 0 });
  });

  it('when 40 buyers of one showtime are recorded at once, then every seat counts exactly once', async () => {
    const showtime = showtimeFacts({ start_time: '2026-06-10T20:00:00.000Z', capacity: 40 });
    await kit.record([step('showtime.created', showtimeCreated(showtime), '2026-06-01T10:00:00.000Z')]);
    const confirmations = Array.from({ length: 40 }, (_, i) =>
      step('ticket.confirmed', ticketConfirmed(ticketFacts(showtime, [`A${i + 1}`])), '2026-06-02T10:00:00.000Z'),
    );
    const answers = await Promise.all(confirmations.map((s) => kit.post(s)));
    expect(answers.map((a) => a.status)).toEqual(confirmations.map(() => 201));
    expect(await kit.get(`/api/analytics/movies/${showtime.movie_id}/metrics`)).toMatchObject({
      tickets: 40,
      seats: 40,
      gross_revenue: 500,
      occupancy: { seats_sold: 40, capacity: 40, rate: 1 },
    });
  });

  it('when one event is sent 20 times at once, then one answer is 201, the others 200, and it counts once', async () => {
    const showtime = showtimeFacts();
    const confirmed = step('ticket.confirmed', ticketConfirmed(ticketFacts(showtime, ['A1', 'A2'])), '2026-06-03T10:00:00.000Z');
    const answers = await Promise.all(Array.from({ length: 20 }, () => kit.post(confirmed)));
    expect(answers.map((a) => a.status).sort()).toEqual([...Array(19).fill(200), 201]);
    expect(await kit.get(`/api/analytics/movies/${showtime.movie_id}/metrics`)).toMatchObject({ tickets: 1, seats: 2 });
  });

  it('when the whole life of 15 tickets arrives at once, every event of every ticket racing, then each ends refunded exactly once', async () => {
    const showtime = showtimeFacts({ start_time: '2026-06-20T20:00:00.000Z', capacity: 40 });
    await kit.record([step('showtime.created', showtimeCreated(showtime), '2026-06-01T10:00:00.000Z')]);
    const tickets = Array.from({ length: 15 }, (_, i) => ticketFacts(showtime, [`B${i + 1}`, `C${i + 1}`]));
    const steps = tickets.flatMap((t) => [
      ...purchase(t, '2026-06-05T10:00:00.000Z'),
      step('payment.refunded', paymentRefunded(t, 10), '2026-06-06T10:00:00.000Z'),
      step('payment.refunded', paymentRefunded(t, 15, t.amount), '2026-06-07T10:00:00.000Z'),
      step('ticket.cancelled', ticketCancelled(t), '2026-06-07T10:00:00.000Z'),
    ]);
    const answers = await Promise.all(steps.map((s) => kit.post(s)));
    expect(answers.filter((a) => a.status !== 201)).toEqual([]);
    expect(await kit.get(`/api/analytics/movies/${showtime.movie_id}/metrics`)).toMatchObject({
      tickets: 0,
      seats: 0,
      tickets_refunded: 15,
      gross_revenue: 375,
      refunded: 375,
      revenue: 0,
      occupancy: { seats_sold: 0 },
    });
  });
});
