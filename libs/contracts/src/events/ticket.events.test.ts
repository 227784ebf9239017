import { ticketCancelledDataSchema, ticketConfirmedDataSchema, ticketExpiredDataSchema, ticketPreviousStatusSchema, ticketReservedDataSchema, ticketStatusSchema } from './ticket.events';

const ticket = {
  ticket_id: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a06',
  user_id: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a01',
  showtime_id: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a05',
  movie_id: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a03',
  movie_title: 'Metropolis',
  theater_name: 'Sala 1',
  theater_timezone: 'America/Bogota',
  start_time: '2030-05-02T00:30:00.000Z',
  seats: ['A5', 'A6'],
  amount: 25,
  currency: 'USD',
  expires_at: '2030-05-01T10:10:00.000Z',
};
const payment_id = '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a07';

describe("a ticket event's theater_timezone", () => {
  it('when a ticket event names the zone, then every ticket event keeps it', () => {
    expect(ticketReservedDataSchema.parse({ ...ticket, status: 'reserved' }).theater_timezone).toBe('America/Bogota');
    expect(ticketConfirmedDataSchema.parse({ ...ticket, status: 'confirmed', payment_id }).theater_timezone).toBe('America/Bogota');
    expect(ticketExpiredDataSchema.parse({ ...ticket, status: 'expired' }).theater_timezone).toBe('America/Bogota');
    expect(
      ticketCancelledDataSchema.parse({ ...ticket, status: 'cancelled', previous_status: 'reserved', reason: 'requested' }).theater_timezone,
    ).toBe('America/Bogota');
  });

  it('when a ticket.confirmed from before the field existed arrives without it, then it parses with no zone', () => {
    const { theater_timezone: _zone, ...old } = ticket;

    const parsed = ticketConfirmedDataSchema.parse({ ...old, status: 'confirmed', payment_id });

    expect('theater_timezone' in parsed).toBe(false);
  });

  it('when the zone is not an IANA name, then data.theater_timezone is refused', () => {
    const result = ticketConfirmedDataSchema.safeParse({ ...ticket, theater_timezone: 'COT', status: 'confirmed', payment_id });

    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['theater_timezone']);
  });
});

describe('ticket.cancelled previous_status', () => {
  const cancelled = (previous_status: string) =>
    ticketCancelledDataSchema.safeParse({ ...ticket, status: 'refunded', previous_status, reason: 'payment_refunded' });

  it.each(['reserved', 'confirmed', 'cancelled', 'expired'])('when the ticket was %s, then the cancellation is accepted', (previous) => {
    expect(cancelled(previous).success).toBe(true);
  });

  it('when a refund reaches a ticket whose hold was already cancelled, then previous_status cancelled is what tickets says', () => {
    expect(cancelled('cancelled').data?.previous_status).toBe('cancelled');
  });

  it('when the ticket was already refunded, or the status is unknown, then previous_status is refused', () => {
    expect(cancelled('refunded').error?.issues.map((i) => i.path.join('.'))).toEqual(['previous_status']);
    expect(cancelled('lost').success).toBe(false);
  });

  it('previous_status is every ticket status but refunded', () => {
    expect([...ticketPreviousStatusSchema.options].sort()).toEqual(ticketStatusSchema.options.filter((s) => s !== 'refunded').sort());
  });
});
