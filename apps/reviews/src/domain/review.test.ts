import { averageRating, emptyTotals, isNoChange, ratingDelta, toStats } from './review';

describe('rating totals', () => {
  it('when a review is added, then the count, sum and its rating bucket go up by one', () => {
    expect(ratingDelta(undefined, 4)).toEqual({ count: 1, sum: 4, distribution: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 } });
  });

  it('when a review is removed, then the count, sum and its rating bucket go down', () => {
    expect(ratingDelta(2, undefined)).toEqual({ count: -1, sum: -2, distribution: { 1: 0, 2: -1, 3: 0, 4: 0, 5: 0 } });
  });

  it('when a rating changes, then one bucket moves to another and the count stays', () => {
    expect(ratingDelta(5, 1)).toEqual({ count: 0, sum: -4, distribution: { 1: 1, 2: 0, 3: 0, 4: 0, 5: -1 } });
  });

  it('when the rating stays the same, then the delta is no change', () => {
    expect(isNoChange(ratingDelta(3, 3))).toBe(true);
    expect(isNoChange(ratingDelta(3, 4))).toBe(false);
  });

  it('when there are no reviews, then the average is 0', () => {
    expect(averageRating({ count: 0, sum: 0 })).toBe(0);
  });

  it('when the mean has more than two decimals, then it is rounded to two', () => {
    expect(averageRating({ count: 3, sum: 11 })).toBe(3.67);
    expect(averageRating({ count: 3, sum: 10 })).toBe(3.33);
    expect(averageRating({ count: 2, sum: 9 })).toBe(4.5);
  });

  it('when stats are built from totals, then they carry the count, average and a copy of the distribution', () => {
    const totals = emptyTotals();
    totals.count = 2;
    totals.sum = 6;
    totals.distribution[1] = 1;
    totals.distribution[5] = 1;
    const stats = toStats('m', totals);
    expect(stats).toEqual({ movie_id: 'm', count: 2, average: 3, distribution: { 1: 1, 2: 0, 3: 0, 4: 0, 5: 1 } });
    totals.distribution[1] = 9;
    expect(stats.distribution[1]).toBe(1);
  });
});
