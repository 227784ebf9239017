import { randomUUID } from 'node:crypto';
import { waitUntil } from '@marquee/testing';
import { ReviewsTestKit } from '../../test/reviews-test-kit';

const seconds = (s: number) => new Date(Date.UTC(2025, 0, 1, 12, 0, s));

describe('reviews service: the movies read model from movie events', () => {
  const kit = new ReviewsTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  const postReview = (movieId: string) =>
    kit.call('POST', '/api/reviews', { token: kit.user().token, body: { movie_id: movieId, rating: 4, comment: 'Worth it' } });

  it('when movie.created arrives, then the movie is known with its title and can be reviewed', async () => {
    const movieId = randomUUID();
    const event = kit.movieEvent('movie.created', movieId, { title: 'Alien' });
    expect((await postReview(movieId)).status).toBe(404);

    await kit.publishEvent(event);
    await kit.handled(event.id);

    expect(await kit.movieRow(movieId)).toMatchObject({ title: 'Alien', deleted: false });
    expect((await kit.call('GET', `/api/reviews/stats/${movieId}`)).status).toBe(200);
    expect((await postReview(movieId)).status).toBe(201);
  });

  it('when movie.updated arrives for a movie never seen, then it is added; for a known one, its title changes', async () => {
    const movieId = randomUUID();
    const first = kit.movieEvent('movie.updated', movieId, { title: 'Aliens (draft)', time: seconds(1) });
    await kit.publishEvent(first);
    await kit.handled(first.id);
    expect(await kit.movieRow(movieId)).toMatchObject({ title: 'Aliens (draft)', deleted: false });
    expect((await postReview(movieId)).status).toBe(201);

    const second = kit.movieEvent('movie.updated', movieId, { title: 'Aliens', time: seconds(2) });
    await kit.publishEvent(second);
    await kit.handled(second.id);
    expect(await kit.movieRow(movieId)).toMatchObject({ title: 'Aliens', deleted: false });
  });

  it('when movie.deleted arrives, then the movie is marked deleted: no new reviews (404), old ones and stats stay', async () => {
    const movieId = await kit.knownMovie('Alien 3');
    expect((await postReview(movieId)).status).toBe(201);

    await kit.deleteMovie(movieId);

    expect(await kit.movieRow(movieId)).toMatchObject({ deleted: true });
    const refused = await postReview(movieId);
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('NOT_FOUND');
    expect((await kit.call('GET', `/api/reviews/movie/${movieId}`)).body.total).toBe(1);
    expect((await kit.call('GET', `/api/reviews/stats/${movieId}`)).body.count).toBe(1);
  });

  it('when a movie event is delivered twice, then the second delivery changes nothing', async () => {
    const movieId = randomUUID();
    const created = kit.movieEvent('movie.created', movieId, { title: 'Original title', time: seconds(10) });
    await kit.publishEvent(created);
    await kit.handled(created.id);
    const renamed = kit.movieEvent('movie.updated', movieId, { title: 'New title', time: seconds(20) });
    await kit.publishEvent(renamed);
    await kit.handled(renamed.id);
    const before = await kit.movieRow(movieId);

    // The same envelope again, as RabbitMQ may redeliver it.
    const acked = await kit.acked();
    await kit.publishEvent(created);
    await waitUntil(async () => (await kit.acked()) > acked, { message: 'duplicate acked' });

    expect(await kit.movieRow(movieId)).toEqual(before);
    expect(before).toMatchObject({ title: 'New title' });
    const inbox = await kit.handle.platform.pool.query('SELECT count(*)::int AS n FROM inbox WHERE event_id = $1', [created.id]);
    expect(inbox.rows[0].n).toBe(1);
    expect(await kit.handle.platform.broker.countParked('reviews')).toBe(0);
  });

  it('when an older movie event arrives after a newer one, then it is ignored (a deletion is not undone)', async () => {
    const movieId = randomUUID();
    const deleted = kit.movieEvent('movie.deleted', movieId, { title: 'Late', time: seconds(30) });
    await kit.publishEvent(deleted);
    await kit.handled(deleted.id);
    expect(await kit.movieRow(movieId)).toMatchObject({ deleted: true });

    const stale = kit.movieEvent('movie.created', movieId, { title: 'Late', time: seconds(29) });
    await kit.publishEvent(stale);
    await kit.handled(stale.id);

    expect(await kit.movieRow(movieId)).toMatchObject({ deleted: true, updated_at: seconds(30) });
    expect((await postReview(movieId)).status).toBe(404);
  });

  it('when a movie event breaks its contract, then it is parked, not applied', async () => {
    const movieId = randomUUID();
    const parkedBefore = await kit.handle.platform.broker.countParked('reviews');
    const bad = { ...kit.movieEvent('movie.created', movieId), data: { movie_id: movieId, title: '' } };
    await kit.publishEvent(bad as never);

    await waitUntil(async () => (await kit.handle.platform.broker.countParked('reviews')) > parkedBefore, { message: 'bad event parked' });
    expect(await kit.movieRow(movieId)).toBeUndefined();
  });
});
