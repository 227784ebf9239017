import { formatFindings } from '@marquee/testing';
import { TicketsTestKit } from '../../test/tickets-test-kit';

describe('tickets service: hostile input on every route', () => {
  const kit = new TicketsTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when every route gets hostile input, then no answer is a 5xx and no refusal writes a row', async () => {
    const owner = kit.user();
    const showtime = await kit.showtime();
    const ticket = await kit.reserved(owner.token, showtime.showtime_id, ['A1']);
    const report = await kit.sweep({
      pathValues: { id: ticket.id, user_id: owner.userId },
      bodies: {
        'POST /api/tickets': { showtime_id: showtime.showtime_id, seats: ['B1'] },
        'POST /api/tickets/buy-ticket': { showtime_id: showtime.showtime_id, seat: 'B2' },
      },
    });
    expect(formatFindings(report.findings)).toBe('');
    expect(report.operations).toBeGreaterThanOrEqual(6);
    expect(report.requests).toBeGreaterThan(100);
  });
});
