import { hiddenCertifications, ratingPull, recommendationReason } from './scoring';

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
