import { isBookable, orderAmount, seatPosition, sortSeats, unknownSeats } from './ticket';

const layout = { rows: ['A', 'B', 'AA'], seats_per_row: 12 };

describe('seat labels', () => {
  it('when a seat is row + number within the layout, then it has a position; otherwise not', () => {
    expect(seatPosition(layout, 'A1')).toEqual([0, 1]);
    expect(seatPosition(layout, 'AA12')).toEqual([2, 12]);
    expect(seatPosition(layout, 'A13')).toBeNull();
    expect(seatPosition(layout, 'A0')).toBeNull();
    expect(seatPosition(layout, 'A01')).toBeNull();
    expect(seatPosition(layout, 'C1')).toBeNull();
    expect(seatPosition(layout, 'a1')).toBeNull();
    expect(unknownSeats(layout, ['A1', 'Z9', 'B12', 'B'])).toEqual(['Z9', 'B']);
  });

  it('when seats are listed in any order, then they sort by row and number', () => {
    expect(sortSeats(layout, ['B2', 'A10', 'AA1', 'A2'])).toEqual(['A2', 'A10', 'B2', 'AA1']);
  });
});

describe('orderAmount and isBookable', () => {
  it('when seats are priced, then the total is exact to the cent', () => {
    expect(orderAmount(12.1, 3)).toBe(36.3);
    expect(orderAmount(0.1, 10)).toBe(1);
  });

  it('when a showtime is cancelled or has started, then it is not bookable', () => {
    const now = new Date('2026-01-01T10:00:00Z');
    expect(isBookable({ status: 'scheduled', start_time: new Date('2026-01-01T11:00:00Z') }, now)).toBe(true);
    expect(isBookable({ status: 'scheduled', start_time: now }, now)).toBe(false);
    expect(isBookable({ status: 'cancelled', start_time: new Date('2026-01-02T11:00:00Z') }, now)).toBe(false);
  });
});
