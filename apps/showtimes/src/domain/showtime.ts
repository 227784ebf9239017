import type { ShowtimeStatus } from '@marquee/contracts';

/** A showtime with what it is shown of its movie and theater. */
export interface Showtime {
  id: string;
  movie_id: string;
  movie_title: string;
  theater_id: string;
  theater_name: string;
  rows: string[];
  seats_per_row: number;
  timezone: string;
  start_time: Date;
  /** When the film ends: start + runtime. */
  end_time: Date;
  /** When the theater is free again: end + cleaning time. */
  busy_until: Date;
  price: number;
  currency: string;
  status: ShowtimeStatus;
  cancel_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface NewShowtime {
  id: string;
  movie_id: string;
  theater_id: string;
  start_time: Date;
  end_time: Date;
  busy_until: Date;
  price: number;
  currency: string;
}

export interface ShowtimeFilter {
  movieId?: string;
  theaterId?: string;
  /** A calendar day (YYYY-MM-DD) in each theater's own timezone. */
  date?: string;
  /** Starting at or after. */
  from?: Date;
  /** Starting before. */
  to?: Date;
  status?: ShowtimeStatus;
}

export const MAX_PRICE = 99_999_999.99;
export const MAX_REASON_LENGTH = 500;

const MINUTE_MS = 60_000;

/** The film's end and the end of the theater's cleaning after it. */
export function showtimeSpan(start: Date, runtimeMinutes: number, cleaningMinutes: number): { end: Date; busyUntil: Date } {
  const end = new Date(start.getTime() + runtimeMinutes * MINUTE_MS);
  return { end, busyUntil: new Date(end.getTime() + cleaningMinutes * MINUTE_MS) };
}

/** Whether a number has at most two decimals (money in the currency's unit). */
export function hasCents(value: number): boolean {
  return Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
}
