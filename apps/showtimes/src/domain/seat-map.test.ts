import { seatMap } from './seat-map';
import { seatLabels } from './theater';

describe('seatLabels', () => {
  it('when rows and seats per row are given, then labels run row by row from 1', () => {
    expect(seatLabels(['A', 'B'], 2)).toEqual(['A1', 'A2', 'B1', 'B2']);
  });
});

describe('seatMap', () => {
  it('when claims hold and sell seats, then those are held or sold and the rest available', () => {
    const map = seatMap(['A', 'B'], 2, [
      { seats: ['A1'], state: 'held' },
      { seats: ['B2', 'Z9'], state: 'sold' },
    ]);
    expect(map.seats).toEqual([
      { seat: 'A1', status: 'held' },
      { seat: 'A2', status: 'available' },
      { seat: 'B1', status: 'available' },
      { seat: 'B2', status: 'sold' },
    ]);
    expect(map.available).toBe(2);
  });

  it('when a seat is both held and sold, then it is sold whatever the order', () => {
    expect(seatMap(['A'], 1, [{ seats: ['A1'], state: 'sold' }, { seats: ['A1'], state: 'held' }]).seats[0]?.status).toBe('sold');
    expect(seatMap(['A'], 1, [{ seats: ['A1'], state: 'held' }, { seats: ['A1'], state: 'sold' }]).seats[0]?.status).toBe('sold');
  });
});
