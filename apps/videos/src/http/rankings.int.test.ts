import { randomUUID } from 'node:crypto';
import { VideosTestKit } from '../testing/videos-kit';

describe('videos service: rankings', () => {
  const kit = new VideosTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  /** A player (from user.registered) with a published, processed video and `votes` votes from fresh users, through the API. */
  async function player(name: string, city: string, country: string, votes: number): Promise<string> {
    const userId = randomUUID();
    await kit.deliver('user.registered', {
      user_id: userId, email: `${userId}@example.com`, username: null, first_name: null, last_name: null, name,
      city, country, phone_number: null, genres: [], role: 'user', maturity_filter: 'all', preferred_language: null,
    });
    const id = randomUUID();
    await kit.pool.query(
      `INSERT INTO videos (id, user_id, title, original_key, processed_key, status, is_published, duration_seconds, processed_at)
       VALUES ($1, $2, 'Clip', $3, $4, 'processed', true, 8, now())`,
      [id, userId, `uploads/${userId}/${id}.mp4`, `processed/${id}.mp4`],
    );
    await Promise.all(
      Array.from({ length: votes }, async () => {
        const answer = await kit.call('POST', `/api/public/videos/${id}/vote`, { token: kit.user().token });
        expect(answer.status).toBe(201);
      }),
    );
    return userId;
  }

  it('when players have votes, then they rank by votes, filtered by city and country without case or accents, paged', async () => {
    const ana = await player('Ana', 'Bogotá', 'Colombia', 3);
    const [b1, b2] = await Promise.all([player('Beto', 'Bogotá', 'Colombia', 2), player('Bea', 'BOGOTA', 'Colombia', 2)]);
    await player('Carla', 'Medellín', 'Colombia', 5);
    await player('Dan', 'Bogotá', 'Panamá', 1);

    const page1 = await kit.call('GET', '/api/public/rankings?city=bogota&country=COLOMBIA&page_size=2');
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ total: 3, page: 1, page_size: 2, total_pages: 2 });
    const tied = [b1, b2].sort();
    expect(page1.body.rankings.map((r: { user_id: string; position: number; votes: number }) => [r.position, r.user_id, r.votes])).toEqual([
      [1, ana, 3],
      [2, tied[0], 2],
    ]);
    const page2 = await kit.call('GET', '/api/public/rankings?city=bogota&country=colombia&page_size=2&page=2');
    expect(page2.body.rankings.map((r: { user_id: string; position: number }) => [r.position, r.user_id])).toEqual([[3, tied[1]]]);

    const everyone = await kit.call('GET', '/api/public/rankings?limit=100');
    expect(everyone.body.total).toBe(5);
    expect(everyone.body.rankings[0]).toMatchObject({ position: 1, username: 'Carla', votes: 5 });
    expect((await kit.call('GET', '/api/public/rankings?country=panama')).body.total).toBe(1);
    expect((await kit.call('GET', '/api/public/rankings?page_size=1000')).status).toBe(400);
  });
});
