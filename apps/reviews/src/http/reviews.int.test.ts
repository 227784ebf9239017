import { randomUUID } from 'node:crypto';
import { ReviewsTestKit } from '../../test/reviews-test-kit';

const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

describe('reviews service: writing and reading reviews', () => {
  const kit = new ReviewsTestKit();
  let movieId: string;
  beforeAll(async () => {
    await kit.start();
    movieId = await kit.knownMovie('The Matrix');
  });
  afterAll(() => kit.stop());

  describe('POST /api/reviews', () => {
    it('when a user reviews a known movie, then 201 with the review, which reads back, and review.created carries the rating', async () => {
      const me = kit.user();
      const res = await kit.call('POST', '/api/reviews', { token: me.token, body: { movie_id: movieId, rating: 4, comment: '  Bullet time!  ' } });

      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        movie_id: movieId,
        user_id: me.userId,
        rating: 4,
        comment: 'Bullet time!',
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        updated_at: res.body.created_at,
      });
      const read = await kit.call('GET', `/api/reviews/${res.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res.body);
      const event = await kit.event('review.created', (d) => d.review_id === res.body.id);
      expect(event.data).toEqual({ review_id: res.body.id, movie_id: movieId, user_id: me.userId, rating: 4 });
    });

    it('when the body is bad, then 400 VALIDATION_FAILED names every bad field', async () => {
      const me = kit.user();
      const cases: [unknown, string[]][] = [
        [{}, ['body.comment', 'body.movie_id', 'body.rating']],
        [{ movie_id: 'not-a-uuid', rating: 0, comment: '   ' }, ['body.comment', 'body.movie_id', 'body.rating']],
        [{ movie_id: movieId, rating: 6, comment: 'x'.repeat(2001) }, ['body.comment', 'body.rating']],
        [{ movie_id: movieId, rating: 3.5, comment: 'ok' }, ['body.rating']],
        [{ movie_id: movieId, rating: '5', comment: 42 }, ['body.comment', 'body.rating']],
      ];
      for (const [body, expected] of cases) {
        const res = await kit.call('POST', '/api/reviews', { token: me.token, body });
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(fields(res.body)).toEqual(expected);
      }
      const malformed = await kit.call('POST', '/api/reviews', { token: me.token, rawBody: '{"movie_id": ' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe('MALFORMED_JSON');
      // nothing was written by any of them
      expect((await kit.call('GET', `/api/reviews?user_id=${me.userId}`, { token: me.token })).body.total).toBe(0);
    });

    it('when the comment is 2000 characters after trimming, then it is accepted', async () => {
      const res = await kit.call('POST', '/api/reviews', { token: kit.user().token, body: { movie_id: movieId, rating: 1, comment: ` ${'y'.repeat(2000)} ` } });
      expect(res.status).toBe(201);
      expect(res.body.comment).toHaveLength(2000);
    });

    it('when there is no token or a bad one, then 401', async () => {
      const body = { movie_id: movieId, rating: 5, comment: 'Sneaky' };
      const missing = await kit.call('POST', '/api/reviews', { body });
      expect(missing.status).toBe(401);
      expect(missing.body.code).toBe('UNAUTHORIZED');
      expect((await kit.call('POST', '/api/reviews', { body, token: 'not.a.token' })).status).toBe(401);
    });

    it('when the movie is unknown, then 404 NOT_FOUND', async () => {
      const res = await kit.call('POST', '/api/reviews', { token: kit.user().token, body: { movie_id: randomUUID(), rating: 3, comment: 'Where is it?' } });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });

    it('when the movie was deleted, then 404 NOT_FOUND', async () => {
      const gone = await kit.knownMovie('Gone Soon');
      await kit.deleteMovie(gone);
      const res = await kit.call('POST', '/api/reviews', { token: kit.user().token, body: { movie_id: gone, rating: 3, comment: 'Too late' } });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });

    it('when a user reviews the same movie twice, then the second gets 409 ALREADY_REVIEWED and another user still may', async () => {
      const me = kit.user();
      await kit.review(me.token, movieId, 5);
      const again = await kit.call('POST', '/api/reviews', { token: me.token, body: { movie_id: movieId, rating: 1, comment: 'Changed my mind' } });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'ALREADY_REVIEWED', status: 409 });
      expect((await kit.call('POST', '/api/reviews', { token: kit.user().token, body: { movie_id: movieId, rating: 1, comment: 'Meh' } })).status).toBe(201);
    });
  });

  describe('user_id in a body', () => {
    it('when it names someone else, then 403 and nothing is written; naming oneself is the same as leaving it out', async () => {
      const me = kit.user();
      const victim = kit.user();
      const forged = await kit.call('POST', '/api/reviews', { token: me.token, body: { movie_id: movieId, user_id: victim.userId, rating: 1, comment: 'Not mine' } });
      expect(forged.status).toBe(403);
      expect(forged.body.code).toBe('FORBIDDEN');
      const admin = kit.user('admin');
      expect((await kit.call('GET', `/api/reviews?user_id=${victim.userId}`, { token: admin.token })).body.total).toBe(0);
      expect((await kit.call('GET', `/api/reviews?user_id=${me.userId}`, { token: admin.token })).body.total).toBe(0);

      const own = await kit.call('POST', '/api/reviews', { token: me.token, body: { movie_id: movieId, user_id: me.userId, rating: 4, comment: 'Mine' } });
      expect(own.status).toBe(201);
      expect(own.body.user_id).toBe(me.userId);
      const retarget = await kit.call('PUT', `/api/reviews/${own.body.id}`, { token: me.token, body: { user_id: victim.userId, rating: 2 } });
      expect(retarget.status).toBe(403);
      expect((await kit.call('GET', `/api/reviews/${own.body.id}`)).body.rating).toBe(4);
    });

    it('when an admin names another author, then the review is that user\'s', async () => {
      const author = kit.user();
      const res = await kit.call('POST', '/api/reviews', { token: kit.user('admin').token, body: { movie_id: movieId, user_id: author.userId, rating: 5, comment: 'Entered by support' } });
      expect(res.status).toBe(201);
      expect(res.body.user_id).toBe(author.userId);
    });
  });

  describe('PUT /api/reviews/{id}', () => {
    it('when the author changes the rating, then 200 with the change and review.updated carries the previous rating', async () => {
      const me = kit.user();
      const created = await kit.review(me.token, movieId, 2, 'Confusing');
      const res = await kit.call('PUT', `/api/reviews/${created.id}`, { token: me.token, body: { rating: 5, comment: ' Got it now ' } });

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: created.id, rating: 5, comment: 'Got it now', user_id: me.userId, created_at: created.created_at });
      expect(Date.parse(res.body.updated_at)).toBeGreaterThan(Date.parse(created.updated_at));
      expect((await kit.call('GET', `/api/reviews/${created.id}`)).body).toEqual(res.body);
      const event = await kit.event('review.updated', (d) => d.review_id === created.id);
      expect(event.data).toEqual({ review_id: created.id, movie_id: movieId, user_id: me.userId, rating: 5, previous_rating: 2 });
    });

    it('when only the comment changes, then the rating stays and review.updated has it as both rating and previous_rating', async () => {
      const me = kit.user();
      const created = await kit.review(me.token, movieId, 3);
      const res = await kit.call('PUT', `/api/reviews/${created.id}`, { token: me.token, body: { comment: 'On second thought, fine.' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ rating: 3, comment: 'On second thought, fine.' });
      const event = await kit.event('review.updated', (d) => d.review_id === created.id);
      expect(event.data).toMatchObject({ rating: 3, previous_rating: 3 });
    });

    it('when an admin changes someone else\'s review, then 200, and the event still names the author', async () => {
      const author = kit.user();
      const created = await kit.review(author.token, movieId, 1, 'Rude words');
      const res = await kit.call('PUT', `/api/reviews/${created.id}`, { token: kit.user('admin').token, body: { comment: '[removed by moderator]' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ user_id: author.userId, comment: '[removed by moderator]', rating: 1 });
      expect((await kit.event('review.updated', (d) => d.review_id === created.id)).data.user_id).toBe(author.userId);
    });

    it('when another user tries, then 403 and nothing changes', async () => {
      const created = await kit.review(kit.user().token, movieId, 4, 'Mine');
      const res = await kit.call('PUT', `/api/reviews/${created.id}`, { token: kit.user().token, body: { rating: 1 } });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect((await kit.call('GET', `/api/reviews/${created.id}`)).body).toMatchObject({ rating: 4, comment: 'Mine' });
    });

    it('when the review is unknown, then 404; the id not a uuid or no change given, then 400; no token, then 401', async () => {
      const me = kit.user();
      expect((await kit.call('PUT', `/api/reviews/${randomUUID()}`, { token: me.token, body: { rating: 2 } })).status).toBe(404);
      const badId = await kit.call('PUT', '/api/reviews/42', { token: me.token, body: { rating: 2 } });
      expect(badId.status).toBe(400);
      expect(fields(badId.body)).toEqual(['params.id']);
      const created = await kit.review(me.token, movieId, 4);
      const empty = await kit.call('PUT', `/api/reviews/${created.id}`, { token: me.token, body: {} });
      expect(empty.status).toBe(400);
      expect(fields(empty.body)).toEqual(['body']);
      const bad = await kit.call('PUT', `/api/reviews/${created.id}`, { token: me.token, body: { rating: 9, comment: '' } });
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['body.comment', 'body.rating']);
      expect((await kit.call('PUT', `/api/reviews/${created.id}`, { body: { rating: 2 } })).status).toBe(401);
    });
  });

  describe('DELETE /api/reviews/{id}', () => {
    it('when the author deletes, then 204, it is gone, review.deleted carries the rating, and the author may review again', async () => {
      const me = kit.user();
      const created = await kit.review(me.token, movieId, 2);
      const res = await kit.call('DELETE', `/api/reviews/${created.id}`, { token: me.token });
      expect(res.status).toBe(204);
      expect(res.body).toBeUndefined();
      expect((await kit.call('GET', `/api/reviews/${created.id}`)).status).toBe(404);
      const event = await kit.event('review.deleted', (d) => d.review_id === created.id);
      expect(event.data).toEqual({ review_id: created.id, movie_id: movieId, user_id: me.userId, rating: 2 });
      expect((await kit.call('POST', '/api/reviews', { token: me.token, body: { movie_id: movieId, rating: 3, comment: 'Again' } })).status).toBe(201);
    });

    it('when another user tries, then 403; an admin may; a second delete is 404', async () => {
      const created = await kit.review(kit.user().token, movieId, 5);
      const other = await kit.call('DELETE', `/api/reviews/${created.id}`, { token: kit.user().token });
      expect(other.status).toBe(403);
      expect((await kit.call('GET', `/api/reviews/${created.id}`)).status).toBe(200);
      const admin = kit.user('admin');
      expect((await kit.call('DELETE', `/api/reviews/${created.id}`, { token: admin.token })).status).toBe(204);
      expect((await kit.call('DELETE', `/api/reviews/${created.id}`, { token: admin.token })).status).toBe(404);
      expect((await kit.call('DELETE', `/api/reviews/${created.id}`)).status).toBe(401);
    });
  });

  describe('reading', () => {
    let movie: string;
    let author: { token: string; userId: string };
    const ratings = [3, 5, 1, 4, 5];
    const created: { id: string; rating: number }[] = [];
    beforeAll(async () => {
      movie = await kit.knownMovie('Heat');
      author = kit.user();
      for (const rating of ratings) created.push(await kit.review(rating === 3 ? author.token : kit.user().token, movie, rating, `Rated ${rating}`));
    });

    it('when listing a movie\'s reviews, then newest first, paged with total and total_pages', async () => {
      const first = await kit.call('GET', `/api/reviews/movie/${movie}?limit=2`);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ page: 1, limit: 2, total: 5, total_pages: 3 });
      const newestFirst = [...created].reverse().map((r) => r.id);
      expect(first.body.items.map((r: { id: string }) => r.id)).toEqual(newestFirst.slice(0, 2));
      const last = await kit.call('GET', `/api/reviews/movie/${movie}?limit=2&page=3`);
      expect(last.body.items.map((r: { id: string }) => r.id)).toEqual(newestFirst.slice(4));
      const beyond = await kit.call('GET', `/api/reviews/movie/${movie}?limit=2&page=9`);
      expect(beyond.body).toMatchObject({ items: [], total: 5, page: 9 });
      const defaults = await kit.call('GET', `/api/reviews/movie/${movie}`);
      expect(defaults.body).toMatchObject({ page: 1, limit: 20, total: 5, total_pages: 1 });
    });

    it('when listing the reviews of an unknown movie, then 404; of a deleted one, then its reviews are still there', async () => {
      expect((await kit.call('GET', `/api/reviews/movie/${randomUUID()}`)).status).toBe(404);
      const doomed = await kit.knownMovie('Doomed');
      await kit.review(kit.user().token, doomed, 2);
      await kit.deleteMovie(doomed);
      const res = await kit.call('GET', `/api/reviews/movie/${doomed}`);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(1);
    });

    it('when listing all reviews, then newest first, and movie_id, user_id and min_rating filter them', async () => {
      const all = await kit.call('GET', '/api/reviews?limit=100');
      expect(all.status).toBe(200);
      const times = all.body.items.map((r: { created_at: string }) => Date.parse(r.created_at));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(all.body.total).toBeGreaterThanOrEqual(5);

      const byMovie = await kit.call('GET', `/api/reviews?movie_id=${movie}&min_rating=4`);
      expect(byMovie.body.items.map((r: { rating: number }) => r.rating)).toEqual([5, 4, 5]);
      expect(byMovie.body.total).toBe(3);
      const byUser = await kit.call('GET', `/api/reviews?user_id=${author.userId}`, { token: author.token });
      expect(byUser.body.items).toHaveLength(1);
      expect(byUser.body.items[0]).toMatchObject({ user_id: author.userId, movie_id: movie, rating: 3 });
      expect((await kit.call('GET', `/api/reviews?user_id=${author.userId}&min_rating=4`, { token: author.token })).body.total).toBe(0);
    });

    it('when list parameters are bad, then 400 names each of them', async () => {
      const res = await kit.call('GET', '/api/reviews?page=0&limit=101&min_rating=6&movie_id=abc&user_id=1');
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['query.limit', 'query.min_rating', 'query.movie_id', 'query.page', 'query.user_id']);
      expect(fields((await kit.call('GET', '/api/reviews/movie/nope?limit=0')).body)).toEqual(['params.movie_id', 'query.limit']);
    });

    it('when all reviews are filtered by user_id, then only by that user or an admin: anonymous 401, someone else 403', async () => {
      const path = `/api/reviews?user_id=${author.userId}`;
      const anonymous = await kit.call('GET', path);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.code).toBe('UNAUTHORIZED');
      const other = await kit.call('GET', path, { token: kit.user().token });
      expect(other.status).toBe(403);
      expect(other.body.code).toBe('FORBIDDEN');
      expect((await kit.call('GET', path, { token: author.token })).body.total).toBe(1);
      expect((await kit.call('GET', path, { token: kit.user('admin').token })).body.total).toBe(1);
      // Without user_id the list stays public.
      expect((await kit.call('GET', `/api/reviews?movie_id=${movie}`)).status).toBe(200);
    });

    it('when a user lists their own reviews, then 200; someone else\'s, 403; an admin, 200; no token, 401', async () => {
      const mine = await kit.call('GET', `/api/reviews/user/${author.userId}`, { token: author.token });
      expect(mine.status).toBe(200);
      expect(mine.body).toMatchObject({ total: 1, page: 1, limit: 20, total_pages: 1 });
      expect(mine.body.items[0].id).toBe(created[0]?.id);
      const other = await kit.call('GET', `/api/reviews/user/${author.userId}`, { token: kit.user().token });
      expect(other.status).toBe(403);
      expect(other.body.code).toBe('FORBIDDEN');
      expect((await kit.call('GET', `/api/reviews/user/${author.userId}`, { token: kit.user('admin').token })).body.total).toBe(1);
      expect((await kit.call('GET', `/api/reviews/user/${author.userId}`)).status).toBe(401);
      expect((await kit.call('GET', '/api/reviews/user/someone', { token: author.token })).status).toBe(400);
    });

    it('when a review is unknown, then GET is 404; a bad id, 400', async () => {
      const res = await kit.call('GET', `/api/reviews/${randomUUID()}`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
      expect((await kit.call('GET', '/api/reviews/xyz')).status).toBe(400);
    });

    it('when the OpenAPI document is fetched, then it describes every route with named schemas', async () => {
      const res = await kit.call('GET', '/openapi.json');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.paths).filter((p) => p.startsWith('/api/')).sort()).toEqual([
        '/api/reviews',
        '/api/reviews/movie/{movie_id}',
        '/api/reviews/stats/{movie_id}',
        '/api/reviews/user/{user_id}',
        '/api/reviews/{id}',
      ]);
      expect(Object.keys(res.body.paths['/api/reviews/{id}']).sort()).toEqual(['delete', 'get', 'put']);
      expect(Object.keys(res.body.components.schemas)).toEqual(expect.arrayContaining(['Review', 'ReviewPage', 'ReviewStats', 'NewReview', 'ReviewChanges']));
      const created = res.body.paths['/api/reviews'].post;
      expect(created.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/NewReview' });
      expect(created.responses['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Review' });
      expect(Object.keys(created.responses).sort()).toEqual(['201', '400', '401', '403', '404', '409', '413', '415', '500']);
    });
  });
});
