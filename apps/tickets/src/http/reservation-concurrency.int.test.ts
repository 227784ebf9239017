import { TicketsTestKit, type TicketBody } from '../../test/tickets-test-kit';

// Real concurrency against the real PostgreSQL: the unique index of active seats is the only
// thing deciding these races.
describe('tickets service: concurrent buyers', () => {
  const kit = new TicketsTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when 200 buyers race for one seat, then exactly one 201, 199 × 409 SEAT_TAKEN, and one active seat row', async () => {
    const showtime = await kit.showtime();
    const answers = await Promise.all(Array.from({ length: 200 }, () => kit.reserve(kit.user().token, showtime.showtime_id, ['D7'])));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused).toHaveLength(199);
    for (const answer of refused) expect(answer.body).toMatchObject({ status: 409, code: 'SEAT_TAKEN', seats: ['D7'] });
    const { rows } = await kit.pool.query('SELECT ticket_id FROM ticket_seats WHERE showtime_id = $1 AND active', [showtime.showtime_id]);
    expect(rows).toEqual([{ ticket_id: answers.find((a) => a.status === 201)?.body.id }]);
    const tickets = await kit.pool.query('SELECT count(*)::int AS n FROM tickets WHERE showtime_id = $1', [showtime.showtime_id]);
    expect(tickets.rows[0].n).toBe(1);
  });

  it('when 500 buyers race for 1–4 random seats of a 100-seat showtime, then no seat is sold twice, every 201 holds all its seats and every 409 none', async () => {
    const showtime = await kit.showtime({ rows: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K'], seats_per_row: 10 });
    const all = showtime.rows.flatMap((row) => Array.from({ length: showtime.seats_per_row }, (_, i) => `${row}${i + 1}`));
    // A fixed pseudo-random sequence, so a failure can be replayed.
    let seed = 20260101;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const orders = Array.from({ length: 500 }, () => {
      const wanted = new Set<string>();
      const count = 1 + Math.floor(random() * 4);
      while (wanted.size < count) wanted.add(all[Math.floor(random() * all.length)] as string);
      return [...wanted];
    });
    const answers = await Promise.all(orders.map((seats) => kit.reserve(kit.user().token, showtime.showtime_id, seats)));

    const { rows } = await kit.pool.query<{ ticket_id: string; seat: string }>(
      'SELECT ticket_id, seat FROM ticket_seats WHERE showtime_id = $1 AND active',
      [showtime.showtime_id],
    );
    const holder = new Map<string, string>();
    for (const row of rows) {
      expect(holder.has(row.seat)).toBe(false);
      holder.set(row.seat, row.ticket_id);
    }
    let sold = 0;
    answers.forEach((answer, i) => {
      const seats = orders[i] as string[];
      if (answer.status === 201) {
        const ticket = answer.body as TicketBody;
        expect([...ticket.seats].sort()).toEqual([...seats].sort());
        for (const seat of seats) expect(holder.get(seat)).toBe(ticket.id);
        sold += seats.length;
      } else {
        expect(answer.status).toBe(409);
        expect(answer.body.code).toBe('SEAT_TAKEN');
        expect(answer.body.seats.length).toBeGreaterThan(0);
        for (const seat of answer.body.seats) expect(seats).toContain(seat);
        // Each seat named as taken is held by a ticket that got its 201.
        for (const seat of answer.body.seats) expect(holder.has(seat)).toBe(true);
      }
    });
    expect(rows).toHaveLength(sold);
    const created = answers.filter((a) => a.status === 201).length;
    expect(created).toBeGreaterThan(0);
    const tickets = await kit.pool.query('SELECT count(*)::int AS n FROM tickets WHERE showtime_id = $1', [showtime.showtime_id]);
    expect(tickets.rows[0].n).toBe(created);
  });
});
