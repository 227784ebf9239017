import type { TicketConfirmedData, TicketExpiredData } from '@marquee/contracts';
import { eTicketMessages, holdExpiredMessages, ticketTimeZone } from './event-messages';

// 00:30 UTC on 2 May is 19:30 on 1 May in Bogotá (UTC-5 all year) and 02:30 on 2 May in Paris (CEST).
const ticket = {
  ticket_id: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a06',
  user_id: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a01',
  showtime_id: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a05',
  movie_id: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a03',
  movie_title: 'La estrategia del caracol',
  theater_name: 'Sala 1',
  theater_timezone: 'America/Bogota',
  start_time: '2030-05-02T00:30:00.000Z',
  seats: ['A5', 'A6'],
  amount: 25,
  currency: 'USD',
  expires_at: '2030-05-01T10:10:00.000Z',
};
const confirmed: TicketConfirmedData = { ...ticket, status: 'confirmed', payment_id: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a07' };
const expired: TicketExpiredData = { ...ticket, status: 'expired' };
const paris = { timezone: 'Europe/Paris' };

describe("ticket times in the theater's timezone", () => {
  it("when a ticket in a Bogotá theater is confirmed, then the e-ticket reads 19:30 Bogotá time, not the service's default zone", () => {
    const [message] = eTicketMessages(confirmed, paris);

    expect(message?.data.starts).toBe('Wednesday, 1 May 2030 at 19:30 GMT-5');
    expect(message?.inApp?.message).toContain('1 May 2030 at 19:30 GMT-5');
  });

  it("when a hold in a Bogotá theater expires, then the mail names the showtime in Bogotá time", () => {
    const [message] = holdExpiredMessages(expired, paris);

    expect(message?.data.starts).toBe('Wednesday, 1 May 2030 at 19:30 GMT-5');
  });

  it('when a ticket event from before theater_timezone existed arrives, then its times fall back to NOTIFICATIONS_TIMEZONE', () => {
    const { theater_timezone: _zone, ...old } = confirmed;

    const [eTicket] = eTicketMessages(old, paris);
    const [hold] = holdExpiredMessages({ ...old, status: 'expired' }, paris);

    expect(eTicket?.data.starts).toBe('Thursday, 2 May 2030 at 02:30 CEST');
    expect(hold?.data.starts).toBe('Thursday, 2 May 2030 at 02:30 CEST');
  });

  it("ticketTimeZone is the theater's zone when the event names one, else the configured one", () => {
    expect(ticketTimeZone({ theater_timezone: 'Asia/Tokyo' }, paris)).toBe('Asia/Tokyo');
    expect(ticketTimeZone({}, paris)).toBe('Europe/Paris');
    expect(ticketTimeZone({ theater_timezone: undefined }, paris)).toBe('Europe/Paris');
  });
});
