import { randomUUID } from 'node:crypto';
import type { TicketConfirmedData, UserRegisteredData } from '@marquee/contracts';

export function registered(overrides: Partial<UserRegisteredData> = {}): UserRegisteredData {
  return {
    user_id: randomUUID(),
    email: `${randomUUID().slice(0, 8)}@example.com`,
    username: null,
    first_name: null,
    last_name: null,
    name: 'Ada Lovelace',
    city: null,
    country: null,
    phone_number: null,
    genres: [],
    role: 'user',
    maturity_filter: 'all',
    preferred_language: null,
    ...overrides,
  };
}

export function ticketConfirmed(userId: string, overrides: Partial<TicketConfirmedData> = {}): TicketConfirmedData {
  return {
    ticket_id: randomUUID(),
    user_id: userId,
    showtime_id: randomUUID(),
    movie_id: randomUUID(),
    movie_title: 'The Long Take',
    theater_name: 'Hall 1',
    start_time: '2030-05-03T19:30:00.000Z',
    seats: ['C7', 'C8'],
    amount: 25,
    currency: 'USD',
    status: 'confirmed',
    expires_at: '2030-05-03T19:00:00.000Z',
    payment_id: randomUUID(),
    ...overrides,
  };
}
