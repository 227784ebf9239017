import { randomUUID } from 'node:crypto';
import { waitUntil } from '@marquee/testing';
import { MoviesTestKit } from '../../test/movies-test-kit';

describe('movies service: review events', () => {
  const kit = new MoviesTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  const ratingOf = async (movieId: string) => {
    const { body } = await kit.call('GET', `/api/movies/${movieId}`);
    return { rating: body.rating, rating_count: body.rating_count };
  };

  it('when reviews are created, updated and deleted, then the movie rating follows (2 decimals, 0 when none)', async () => {
    const movie = await kit.createMovie();
    const [ann, bob, cy] = [randomUUID(), randomUUID(), randomUUID()];
    const annReview = randomUUID();
    const bobReview = randomUUID();
    await kit.deliver('review.created', { review_id: annReview, movie_id: movie.id, user_id: ann, rating: 4 });
    expect(await ratingOf(movie.id)).toEqual({ rating: 4, rating_count: 1 });
    await kit.deliver('review.created', { review_id: bobReview, movie_id: movie.id, user_id: bob, rating: 5 });
    await kit.deliver('review.created', { review_id: randomUUID(), movie_id: movie.id, user_id: cy, rating: 5 });
    expect(await ratingOf(movie.id)).toEqual({ rating: 4.67, rating_count: 3 });
    await kit.deliver('review.updated', { review_id: annReview, movie_id: movie.id, user_id: ann, rating: 2, previous_rating: 4 });
    expect(await ratingOf(movie.id)).toEqual({ rating: 4, rating_count: 3 });
    await kit.deliver('review.deleted', { review_id: bobReview, movie_id: movie.id, user_id: bob, rating: 5 });
    expect(await ratingOf(movie.id)).toEqual({ rating: 3.5, rating_count: 2 });
  });

  it('when the same review event is delivered twice, then it counts once', async () => {
    const movie = await kit.createMovie();
    const event = await kit.deliver('review.created', { review_id: randomUUID(), movie_id: movie.id, user_id: randomUUID(), rating: 3 });
    const acked = await kit.acked();
    await kit.observer.publishEvent(event);
    await waitUntil(async () => (await kit.acked()) > acked, { message: 'duplicate acked' });
    expect(await ratingOf(movie.id)).toEqual({ rating: 3, rating_count: 1 });
    const activity = await kit.pool.query(`SELECT count(*)::int AS n FROM movie_activity WHERE movie_id = $1 AND kind = 'review'`, [movie.id]);
    expect(activity.rows[0].n).toBe(1);
  });

  it('when review events arrive out of order, then an older one changes nothing and a deletion is not undone', async () => {
    const movie = await kit.createMovie();
    const review = { review_id: randomUUID(), movie_id: movie.id, user_id: randomUUID() };
    const t = Date.now();
    await kit.deliver('review.updated', { ...review, rating: 2, previous_rating: 5 }, { time: new Date(t + 2_000) });
    await kit.deliver('review.created', { ...review, rating: 5 }, { time: new Date(t) });
    expect(await ratingOf(movie.id)).toEqual({ rating: 2, rating_count: 1 });
    await kit.deliver('review.deleted', { ...review, rating: 2 }, { time: new Date(t + 3_000) });
    await kit.deliver('review.updated', { ...review, rating: 4, previous_rating: 2 }, { time: new Date(t + 1_000) });
    expect(await ratingOf(movie.id)).toEqual({ rating: 0, rating_count: 0 });
  });

  it('when a review names a movie this service does not have, then it is recorded and nothing fails', async () => {
    const event = await kit.deliver('review.created', { review_id: randomUUID(), movie_id: randomUUID(), user_id: randomUUID(), rating: 5 });
    expect((await kit.pool.query('SELECT 1 FROM ratings WHERE review_id = $1', [event.data.review_id])).rowCount).toBe(1);
  });
});
