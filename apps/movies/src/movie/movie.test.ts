import { averageRating, normaliseCast, yearOf } from './movie';

describe('movie values', () => {
  it('when there are ratings, then the average has 2 decimals; with none it is 0', () => {
    expect(averageRating(0, 0)).toBe(0);
    expect(averageRating(14, 3)).toBe(4.67);
    expect(averageRating(10, 2)).toBe(5);
  });

  it('when a date is given, then its year is read; no date, no year', () => {
    expect(yearOf('2010-07-16')).toBe(2010);
    expect(yearOf(null)).toBeNull();
    expect(yearOf('')).toBeNull();
  });

  it('when cast has blanks, repeats and no order, then it is cleaned and in billing order', () => {
    expect(
      normaliseCast([
        { name: ' Tom Hardy ', character: 'Eames', order: 3 },
        { name: 'Leonardo DiCaprio', character: '', order: 0 },
        { name: '  ', character: 'nobody', order: 1 },
        { name: 'tom hardy', character: 'again', order: 4 },
        { name: 'Elliot Page' },
      ]),
    ).toEqual([
      { name: 'Leonardo DiCaprio', character: null, order: 0 },
      { name: 'Tom Hardy', character: 'Eames', order: 3 },
      { name: 'Elliot Page', character: null, order: 4 },
    ]);
  });
});
