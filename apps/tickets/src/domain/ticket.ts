import type { TicketStatus } from '@marquee/contracts';

export const MAX_SEATS_PER_TICKET = 10;

/** A showtime as tickets knows it (read model of showtime.* events). */
export interface Showtime {
  showtime_id: string;
  movie_id: string;
  movie_title: string;
  theater_id: string;
  theater_name: string;
  /** The theater's IANA timezone; null when the facts heard so far did not name it (older events). */
  theater_timezone: string | null;
  start_time: Date;
  /** Price of one seat. */
  price: number;
  currency: string;
  rows: string[];
  seats_per_row: number;
  status: 'scheduled' | 'cancelled';
}

/** A showtime fact with the time it states (the event's `time`). */
export interface ShowtimeFact extends Showtime {
  at: Date;
}

export interface Ticket {
  id: string;
  user_id: string;
  showtime_id: string;
  seats: string[];
  amount: number;
  currency: string;
  status: TicketStatus;
  expires_at: Date;
  payment_id: string | null;
  cancel_reason: string | null;
  created_at: Date;
}

/** A ticket with the showtime facts its events carry. */
export interface TicketWithShowtime extends Ticket {
  movie_id: string;
  movie_title: string;
  theater_name: string;
  theater_timezone: string | null;
  start_time: Date;
}

export interface NewTicket {
  id: string;
  user_id: string;
  showtime_id: string;
  seats: string[];
  amount: number;
  currency: string;
  expires_at: Date;
}

export interface Actor {
  id: string;
  isAdmin: boolean;
}

/**
 * Where `seat` sits in the layout (`[rowIndex, number]`), or null when the layout has no such
 * seat. Labels are row + number from 1 without leading zeros (`A5`, `AA12`); rows may share a
 * prefix (`A`, `AA`), so every row is tried.
 */
export function seatPosition(showtime: Pick<Showtime, 'rows' | 'seats_per_row'>, seat: string): [number, number] | null {
  for (let row = 0; row < showtime.rows.length; row += 1) {
    const label = showtime.rows[row] as string;
    if (!seat.startsWith(label)) continue;
    const rest = seat.slice(label.length);
    if (!/^[1-9]\d{0,5}$/.test(rest)) continue;
    const number = Number(rest);
    if (number <= showtime.seats_per_row) return [row, number];
  }
  return null;
}

/**
 * The seats of an order in layout order (row, then number). Inserting them in one order
 * everywhere means two overlapping orders wait on each other's seats in the same order and never
 * deadlock; it also makes the stored order independent of how the client listed them.
 */
export function sortSeats(showtime: Pick<Showtime, 'rows' | 'seats_per_row'>, seats: string[]): string[] {
  const key = (seat: string) => {
    const [row, number] = seatPosition(showtime, seat) ?? [Number.MAX_SAFE_INTEGER, 0];
    return row * (showtime.seats_per_row + 1) + number;
  };
  return [...seats].sort((a, b) => key(a) - key(b));
}

/** The seats of `seats` that the layout does not have. */
export function unknownSeats(showtime: Pick<Showtime, 'rows' | 'seats_per_row'>, seats: string[]): string[] {
  return seats.filter((seat) => seatPosition(showtime, seat) === null);
}

/** Price of `count` seats, computed in cents so 3 × 12.10 is 36.30, not 36.300000000000004. */
export function orderAmount(price: number, count: number): number {
  return (Math.round(price * 100) * count) / 100;
}

/** Whether a showtime still takes reservations at `now`. */
export function isBookable(showtime: Pick<Showtime, 'status' | 'start_time'>, now: Date): boolean {
  return showtime.status === 'scheduled' && showtime.start_time.getTime() > now.getTime();
}
