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

export { canonicalTimeZone, isTimeZone } from '@marquee/contracts';
