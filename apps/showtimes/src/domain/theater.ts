/** A theater: a grid of rows × seats per row, in a timezone. */
export interface Theater {
  id: string;
  name: string;
  rows: string[];
  seats_per_row: number;
  timezone: string;
  created_at: Date;
}

export interface NewTheater {
  name: string;
  rows: string[];
  seats_per_row: number;
  timezone: string;
}

export const MAX_ROWS = 52;
export const MAX_SEATS_PER_ROW = 100;
export const MAX_NAME_LENGTH = 200;
/** A row label: one or two capital letters ("A", "AA"). */
export const ROW_LABEL = /^[A-Z]{1,2}$/;

/** Every seat label of a layout, row by row: rows ["A","B"] × 2 → A1, A2, B1, B2. */
export function seatLabels(rows: readonly string[], seatsPerRow: number): string[] {
  return rows.flatMap((row) => Array.from({ length: seatsPerRow }, (_, i) => `${row}${i + 1}`));
}

// A zone name ("UTC", "Europe/Paris", "Etc/GMT+5"), never an offset like "+01:00": PostgreSQL
// reads offsets POSIX-style (sign inverted), so the `date` filter would shift the wrong way.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** Whether `name` is an IANA timezone name this runtime (and PostgreSQL, with the same tz data) knows. */
export function isTimeZone(name: string): boolean {
  if (name.length > 64 || !ZONE_NAME.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The zone's canonical spelling ("europe/paris" → "Europe/Paris"); call after `isTimeZone`. */
export function canonicalTimeZone(name: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
}
