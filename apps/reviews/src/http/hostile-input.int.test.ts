import { formatFindings, hostileSweep } from '@marquee/testing';
import { ReviewsTestKit } from '../../test/reviews-test-kit';

describe('reviews service: hostile input on every route', () => {
  const kit = new ReviewsTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when every documented route gets NUL, lone surrogates, RTL overrides, 100 kB strings, wrong types and out-of-range numbers and dates, then no answer is a 5xx and no refusal writes a row', async () => {
    const movieId = await kit.knownMovie('Hostile Input');
    const author = kit.user();
    const review = await kit.review(author.token, movieId, 3);
    const admin = kit.user('admin');

    const report = await hostileSweep({
      baseUrl: kit.handle.url,
      databaseUrl: kit.db.url,
      token: admin.token,
      pathValues: { id: review.id, movie_id: movieId, user_id: author.userId },
      bodies: { 'POST /api/reviews': { movie_id: movieId, rating: 4, comment: 'fine' } },
    });

    expect(formatFindings(report.findings)).toBe('');
    expect(report.operations).toBeGreaterThanOrEqual(7);
    expect(report.requests).toBeGreaterThan(200);
  });
});
