import { earnedPoints, reclaimTarget, tierFor, toCents, type TierRules } from './tiers';

const rules: TierRules = {
  thresholds: { silver: 500, gold: 2000, platinum: 5000 },
  multipliers: { bronze: 1, silver: 1.25, gold: 1.5, platinum: 2 },
};

describe('tierFor', () => {
  it.each([
    [0, 'bronze'],
    [499, 'bronze'],
    [500, 'silver'],
    [1999, 'silver'],
    [2000, 'gold'],
    [4999, 'gold'],
    [5000, 'platinum'],
    [1_000_000, 'platinum'],
  ])('when a member has %i lifetime points, then the tier is %s', (points, tier) => {
    expect(tierFor(points, rules)).toBe(tier);
  });
});

describe('earnedPoints', () => {
  it('when the amount has cents, then only whole currency units earn', () => {
    expect(earnedPoints(toCents(24.99), 1)).toBe(24);
    expect(earnedPoints(toCents(0.99), 2)).toBe(0);
  });

  it('when the multiplier has decimals, then the product is rounded down without binary-fraction errors', () => {
    expect(earnedPoints(toCents(20), 1.15)).toBe(23);
    expect(earnedPoints(toCents(25), 1.25)).toBe(31);
    expect(earnedPoints(toCents(10.1), 1.1)).toBe(11);
  });
});

describe('reclaimTarget', () => {
  it('when a payment is refunded in full, then exactly what it earned is taken back', () => {
    expect(reclaimTarget(37, toCents(24.99), toCents(24.99))).toBe(37);
  });

  it('when it is refunded in part, then the same share is taken back, rounded down', () => {
    expect(reclaimTarget(30, toCents(30), toCents(10))).toBe(10);
    expect(reclaimTarget(10, toCents(30), toCents(10))).toBe(3);
    expect(reclaimTarget(10, toCents(10), toCents(0.99))).toBe(0);
  });

  it('when partial refunds add up to the whole, then the cumulative target is what was earned', () => {
    const earned = 25;
    const amount = toCents(25);
    const targets = [toCents(7.5), toCents(15), toCents(25)].map((refunded) => reclaimTarget(earned, amount, refunded));
    expect(targets).toEqual([7, 15, 25]);
  });

  it('when nothing was earned or the figures are large, then the target stays exact and never above what was earned', () => {
    expect(reclaimTarget(0, toCents(5), toCents(5))).toBe(0);
    expect(reclaimTarget(199_999_998, toCents(99_999_999.99), toCents(99_999_999.98))).toBe(199_999_997);
  });
});
