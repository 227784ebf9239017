import { randomUUID } from 'node:crypto';
import { shiftDate } from '../seed/demo-seed';
import { MoviesTestKit, userData } from '../../test/movies-test-kit';

interface Recommended {
  id: string;
  title: string;
  score: number;
  reason: string;
}

describe('movies service: recommendations', () => {
  const kit = new MoviesTestKit();
  const film: Record<string, string> = {};
  beforeAll(async () => {
    await kit.start();
    const catalogue = [
      { title: 'Space Alpha', genres: ['Science Fiction', 'Adventure'], cast: [{ name: 'Ann Star' }], popularity: 10 },
      { title: 'Space Beta', genres: ['Science Fiction'], cast: [{ name: 'Ann Star' }], popularity: 5 },
      { title: 'Space Gamma', genres: ['Science Fiction', 'Thriller'], popularity: 3 },
      { title: 'Romance Alpha', genres: ['Romance', 'Comedy'], cast: [{ name: 'Rom Lead' }], popularity: 50 },
      { title: 'Romance Beta', genres: ['Romance', 'Drama'], cast: [{ name: 'Rom Lead' }], popularity: 40 },
      { title: 'Horror Rated R', genres: ['Horror'], certification: 'R', popularity: 100 },
      { title: 'Horror NC-17', genres: ['Horror', 'Thriller'], certification: 'NC-17', popularity: 90 },
      { title: 'Horror Teen', genres: ['Horror'], certification: 'PG-13', popularity: 1 },
      { title: 'Future Hit', genres: ['Science Fiction'], release_date: shiftDate(new Date(), 20), popularity: 1000 },
      { title: 'Deleted Hit', genres: ['Romance'], popularity: 2000 },
    ];
    for (const movie of catalogue) film[movie.title] = (await kit.createMovie(movie)).id;
    await kit.call('DELETE', `/api/movies/${film['Deleted Hit']}`, { token: kit.admin });
  });
  afterAll(() => kit.stop());

  const recommend = async (token: string, query = '?limit=100') => {
    const res = await kit.call<{ items: Recommended[]; total: number }>('GET', `/api/movies/recommendations${query}`, { token });
    expect(res.status).toBe(200);
    return res.body;
  };
  const titles = (items: Recommended[]) => items.map((r) => r.title);

  it('when a new user has nothing to go on, then they get released, live films by popularity, "popular right now"', async () => {
    const { items, total } = await recommend(kit.user().token);
    expect(titles(items)).toEqual([
      'Horror Rated R',
      'Horror NC-17',
      'Romance Alpha',
      'Romance Beta',
      'Space Alpha',
      'Space Beta',
      'Space Gamma',
      'Horror Teen',
    ]);
    expect(total).toBe(8);
    expect(new Set(items.map((r) => r.reason))).toEqual(new Set(['popular right now']));
    expect(items[0]).toMatchObject({ id: film['Horror Rated R'], genres: ['Horror'], score: expect.any(Number) });
  });

  it('when I favourite a film, then films sharing its genres and cast rise, with a reason, and the favourite itself is never recommended', async () => {
    const me = kit.user();
    const before = titles((await recommend(me.token)).items);
    expect((await kit.call('POST', '/api/movies/favourites', { token: me.token, body: { movie_id: film['Space Alpha'] } })).status).toBe(201);
    const after = (await recommend(me.token)).items;
    expect(titles(after)).not.toEqual(before);
    expect(titles(after)).not.toContain('Space Alpha');
    expect(after[0]).toMatchObject({ title: 'Space Beta', reason: 'because you liked Space Alpha' });
    expect(titles(after).indexOf('Space Gamma')).toBeLessThan(before.indexOf('Space Gamma'));
  });

  it('when I rate a film 5 stars, then its kind rises; 1 star pushes its kind down; rated films are never recommended', async () => {
    const me = kit.user();
    const before = (await recommend(me.token)).items;
    await kit.deliver('review.created', { review_id: randomUUID(), movie_id: film['Romance Alpha'] as string, user_id: me.userId, rating: 5 });
    const liked = (await recommend(me.token)).items;
    expect(titles(liked)).not.toContain('Romance Alpha');
    expect(liked[0]).toMatchObject({ title: 'Romance Beta', reason: 'because you liked Romance Alpha' });

    await kit.deliver('review.created', { review_id: randomUUID(), movie_id: film['Horror Teen'] as string, user_id: me.userId, rating: 1 });
    const disliked = (await recommend(me.token)).items;
    expect(titles(disliked)).not.toContain('Horror Teen');
    const scoreOf = (items: Recommended[], title: string) => items.find((r) => r.title === title)?.score ?? NaN;
    expect(scoreOf(disliked, 'Horror Rated R')).toBeLessThan(scoreOf(before, 'Horror Rated R'));
    expect(titles(disliked).indexOf('Horror Rated R')).toBeGreaterThan(titles(before).indexOf('Horror Rated R'));
  });

  it('when I delete my review, then the film can be recommended again', async () => {
    const me = kit.user();
    const review = { review_id: randomUUID(), movie_id: film['Space Gamma'] as string, user_id: me.userId };
    await kit.deliver('review.created', { ...review, rating: 3 });
    expect(titles((await recommend(me.token)).items)).not.toContain('Space Gamma');
    await kit.deliver('review.deleted', { ...review, rating: 3 });
    expect(titles((await recommend(me.token)).items)).toContain('Space Gamma');
  });

  it('when my profile names genres (even as TMDb ids), then films of those genres lead, "because you like …"', async () => {
    const me = kit.user();
    await kit.deliver('user.registered', userData(me.userId, { genres: ['878'] }));
    const { items } = await recommend(me.token);
    expect(titles(items).slice(0, 3)).toEqual(['Space Alpha', 'Space Beta', 'Space Gamma']);
    expect(items[0]?.reason).toBe('because you like Science Fiction');
  });

  it('when my maturity filter is teen, then R and NC-17 films are hidden; adult and all hide nothing', async () => {
    const teen = kit.user();
    await kit.deliver('user.registered', userData(teen.userId, { maturity_filter: 'teen' }));
    const teenTitles = titles((await recommend(teen.token)).items);
    expect(teenTitles).not.toContain('Horror Rated R');
    expect(teenTitles).not.toContain('Horror NC-17');
    expect(teenTitles).toContain('Horror Teen');

    const adult = kit.user();
    await kit.deliver('user.registered', userData(adult.userId, { maturity_filter: 'adult' }));
    expect(titles((await recommend(adult.token)).items)).toEqual(expect.arrayContaining(['Horror Rated R', 'Horror NC-17']));
  });

  it('when paging, then pages split one ranking and past the end is empty with the right total', async () => {
    const me = kit.user();
    const all = titles((await recommend(me.token)).items);
    const page2 = await recommend(me.token, '?limit=3&page=2');
    expect(titles(page2.items)).toEqual(all.slice(3, 6));
    expect(page2.total).toBe(8);
    const beyond = await recommend(me.token, '?limit=3&page=9');
    expect(beyond).toMatchObject({ items: [], total: 8, total_pages: 3 });
  });
});
