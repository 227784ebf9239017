import { seatLabels } from './theater';

export type SeatStatus = 'available' | 'held' | 'sold';

/** What the ticket projection says holds seats of one showtime. */
export interface SeatClaim {
  seats: string[];
  state: 'held' | 'sold';
}

export interface SeatMap {
  seats: { seat: string; status: SeatStatus }[];
  available: number;
}

/**
 * The layout with each seat's status. A seat named by a sold ticket is sold even if another
 * claim holds it (the projection may briefly lag one of two events); a label outside the layout
 * is ignored.
 */
export function seatMap(rows: readonly string[], seatsPerRow: number, claims: readonly SeatClaim[]): SeatMap {
  const status = new Map<string, SeatStatus>();
  for (const claim of claims) {
    for (const seat of claim.seats) {
      if (claim.state === 'sold' || status.get(seat) !== 'sold') status.set(seat, claim.state);
    }
  }
  const seats = seatLabels(rows, seatsPerRow).map((seat) => ({ seat, status: status.get(seat) ?? ('available' as const) }));
  return { seats, available: seats.filter((s) => s.status === 'available').length };
}
