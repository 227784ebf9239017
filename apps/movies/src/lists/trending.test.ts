import { decayFactor, trendingScore, TRENDING } from './trending';

describe('trending decay', () => {
  it('when an activity is one half-life old, then it counts half', () => {
    expect(decayFactor(0)).toBe(1);
    expect(decayFactor(TRENDING.halfLifeHours)).toBeCloseTo(0.5);
    expect(decayFactor(2 * TRENDING.halfLifeHours)).toBeCloseTo(0.25);
  });

  it('when activities are weighted, then a favourite outweighs a view and anything older than the window is ignored', () => {
    expect(trendingScore([{ kind: 'favourite', ageHours: 0 }])).toBeGreaterThan(trendingScore([{ kind: 'view', ageHours: 0 }]));
    expect(trendingScore([{ kind: 'view', ageHours: 0 }, { kind: 'review', ageHours: 0 }])).toBe(3);
    expect(trendingScore([{ kind: 'favourite', ageHours: 8 * 24 }])).toBe(0);
  });

  it('when one user repeats an activity or does several, then only their strongest counts, once', () => {
    const spam = Array.from({ length: 20 }, () => ({ kind: 'favourite' as const, ageHours: 0, userId: 'a' }));
    expect(trendingScore(spam)).toBe(3);
    expect(trendingScore([{ kind: 'view', ageHours: 0, userId: 'a' }, { kind: 'favourite', ageHours: 1, userId: 'a' }])).toBeCloseTo(3 * decayFactor(1));
    expect(trendingScore([{ kind: 'favourite', ageHours: 0, userId: 'a' }, { kind: 'favourite', ageHours: 0, userId: 'b' }])).toBe(6);
  });

  it('when two movies have the same activity, then the more recent one trends higher', () => {
    expect(trendingScore([{ kind: 'view', ageHours: 1 }])).toBeGreaterThan(trendingScore([{ kind: 'view', ageHours: 50 }]));
  });
});
