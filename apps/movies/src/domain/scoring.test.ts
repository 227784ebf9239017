import { decayFactor, hiddenCertifications, ratingPull, recommendationReason, trendingScore, TRENDING } from './scoring';

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

describe('rating pull', () => {
  it('when I rate 4 or 5, then similar films are pulled up; 1 or 2 pushes them down; 3 is neutral', () => {
    expect(ratingPull(5)).toBeGreaterThan(ratingPull(4));
    expect(ratingPull(4)).toBeGreaterThan(0);
    expect(ratingPull(3)).toBe(0);
    expect(ratingPull(2)).toBeLessThan(0);
    expect(ratingPull(1)).toBeLessThan(ratingPull(2));
  });
});

describe('maturity filter', () => {
  it('when the filter is teen, then R and NC-17 (and TV-MA series) are hidden; all and adult hide nothing', () => {
    expect(hiddenCertifications('teen')).toEqual(['R', 'NC-17', 'TV-MA']);
    expect(hiddenCertifications('all')).toEqual([]);
    expect(hiddenCertifications('adult')).toEqual([]);
  });
});

describe('recommendation reason', () => {
  it('when a liked film pulls hardest, then the reason names it', () => {
    expect(recommendationReason({ genreScore: 1, topGenre: 'Drama', topSeed: { title: 'Inception', pull: 1.6, liked: true } })).toBe('because you liked Inception');
  });

  it('when only a viewed film pulls, then the reason says viewed', () => {
    expect(recommendationReason({ genreScore: 0, topGenre: null, topSeed: { title: 'Heat', pull: 0.2, liked: false } })).toBe('because you viewed Heat');
  });

  it('when my chosen genre weighs more, then the reason names the genre', () => {
    expect(recommendationReason({ genreScore: 2, topGenre: 'Drama', topSeed: { title: 'Heat', pull: 0.5, liked: true } })).toBe('because you like Drama');
    expect(recommendationReason({ genreScore: 1, topGenre: 'Comedy', topSeed: { title: 'Saw', pull: -1, liked: false } })).toBe('because you like Comedy');
  });

  it('when there is nothing to go on, then it is popular right now', () => {
    expect(recommendationReason({ genreScore: 0, topGenre: null, topSeed: null })).toBe('popular right now');
    expect(recommendationReason({ genreScore: 0, topGenre: null, topSeed: { title: 'Saw', pull: -0.6, liked: false } })).toBe('popular right now');
  });
});
