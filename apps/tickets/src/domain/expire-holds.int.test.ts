import { TicketsTestKit, type TicketBody } from '../../test/tickets-test-kit';

describe('tickets service: the expiry sweeper', () => {
  // Small batches, so two sweepers interleave over many transactions.
  const kit = new TicketsTestKit({ EXPIRE_BATCH_SIZE: '7' });
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when two replicas sweep the same backlog at once, then every lapsed hold is expired exactly once, with one ticket.expired each, and live holds stay', async () => {
    const replica = await kit.startReplica();
    const showtime = await kit.showtime({ rows: ['A', 'B', 'C', 'D', 'E', 'F'], seats_per_row: 10 });
    const seats = showtime.rows.flatMap((row) => Array.from({ length: 10 }, (_, i) => `${row}${i + 1}`));
    const tickets: TicketBody[] = [];
    for (const seat of seats) tickets.push(await kit.reserved(kit.user().token, showtime.showtime_id, [seat]));
    const lapsed = tickets.slice(0, 50);
    const live = tickets.slice(50);
    await kit.pool.query("UPDATE tickets SET expires_at = now() - interval '1 minute' WHERE id = ANY($1::uuid[])", [lapsed.map((t) => t.id)]);

    const [one, two] = await Promise.all([kit.handle.api.expireHolds(), replica.api.expireHolds()]);
    expect(one + two).toBe(50);
    expect(await kit.handle.api.expireHolds()).toBe(0);

    const { rows } = await kit.pool.query<{ id: string; status: string }>('SELECT id, status FROM tickets WHERE showtime_id = $1', [showtime.showtime_id]);
    const status = new Map(rows.map((r) => [r.id, r.status]));
    for (const t of lapsed) expect(status.get(t.id)).toBe('expired');
    for (const t of live) expect(status.get(t.id)).toBe('reserved');
    expect(await kit.activeSeats(showtime.showtime_id)).toEqual(live.flatMap((t) => t.seats).sort());

    await Promise.all(lapsed.map((t) => kit.event('ticket.expired', (d) => d.ticket_id === t.id)));
    // A last event to know the bus has carried everything before counting.
    const marker = await kit.reserved(kit.user().token, showtime.showtime_id, [lapsed[0]?.seats[0] as string]);
    await kit.event('ticket.reserved', (d) => d.ticket_id === marker.id);
    const expiredEvents = kit.events.filter((e) => e.type === 'ticket.expired' && (e.data as { showtime_id: string }).showtime_id === showtime.showtime_id);
    expect(expiredEvents).toHaveLength(50);
    expect(new Set(expiredEvents.map((e) => (e.data as { ticket_id: string }).ticket_id)).size).toBe(50);
  });

  it('when the job runs on its timer, then lapsed holds expire without being asked', async () => {
    const fast = new TicketsTestKit();
    await fast.start({ EXPIRE_INTERVAL_MS: '100' });
    try {
      const showtime = await fast.showtime();
      const ticket = await fast.reserved(fast.user().token, showtime.showtime_id, ['A1']);
      await fast.lapse(ticket.id);
      const expired = await fast.event('ticket.expired', (d) => d.ticket_id === ticket.id);
      expect(expired.data).toMatchObject({ status: 'expired', seats: ['A1'] });
      expect(await fast.activeSeats(showtime.showtime_id)).toEqual([]);
    } finally {
      await fast.stop();
    }
  });
});
