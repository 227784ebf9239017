import { randomUUID } from 'node:crypto';
import { waitUntil } from '@marquee/testing';
import { VideosTestKit, type StandInUser } from '../testing/videos-kit';

const CITIES = ['Bogotá', 'Medellín', 'Cali'];

describe('videos service: players from the users service', () => {
  const kit = new VideosTestKit();
  const directory: StandInUser[] = Array.from({ length: 150 }, (_, i) => ({
    id: randomUUID(), name: `Player ${i}`, username: `player_${i}`, city: CITIES[i % 3]!, country: 'Colombia',
  }));

  beforeAll(async () => {
    kit.users.add(...directory);
    await kit.start({ USERS_BACKFILL_INTERVAL_MS: '200' });
  }, 60_000);
  afterAll(() => kit.stop());

  const known = async () => (await kit.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM known_users')).rows[0]!.n;

  /** A published, processed video of `owner` with one vote from a fresh user. */
  async function publishedVideoOf(owner: string): Promise<string> {
    const id = randomUUID();
    await kit.pool.query(
      `INSERT INTO videos (id, user_id, title, original_key, processed_key, status, is_published, duration_seconds, processed_at)
       VALUES ($1, $2, 'Clip', $3, $4, 'processed', true, 8, now())`,
      [id, owner, `uploads/${owner}/${id}.mp4`, `processed/${id}.mp4`],
    );
    expect((await kit.call('POST', `/api/public/videos/${id}/vote`, { token: kit.user().token })).status).toBe(201);
    return id;
  }

  it('when the read model starts empty, then it is backfilled page by page from the users directory, once', async () => {
    await waitUntil(async () => (await kit.pool.query('SELECT 1 FROM user_backfill')).rowCount === 1, { message: 'backfill done' });
    expect(await known()).toBe(150);
    expect(kit.users.requests.filter((r) => r.startsWith('/internal/users?'))).toEqual([
      '/internal/users?page=1&limit=100',
      '/internal/users?page=2&limit=100',
    ]);
    const one = (await kit.pool.query('SELECT name, city, city_key FROM known_users WHERE user_id = $1', [directory[1]!.id])).rows[0];
    expect(one).toEqual({ name: 'Player 1', city: 'Medellín', city_key: 'medellin' });
    // A later start (and the job's later turns) find it done and ask nothing more.
    const asked = kit.users.requests.length;
    await kit.startReplica({ USERS_BACKFILL_INTERVAL_MS: '200' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(kit.users.requests.length).toBe(asked);
  });

  it('when a published video’s owner is unknown, then the users service is asked before the list answers, and only once', async () => {
    const newcomer = { id: randomUUID(), name: 'Nina Newcomer', username: 'nina', city: 'Cali', country: 'Colombia' };
    kit.users.add(newcomer);
    const video = await publishedVideoOf(newcomer.id);

    const listed = (await kit.call('GET', '/api/public/videos?limit=100')).body.items.find((v: { id: string }) => v.id === video);
    expect(listed).toMatchObject({ player_name: 'Nina Newcomer', player_city: 'Cali' });
    expect(kit.users.requests).toContain(`/internal/users/${newcomer.id}`);
    expect((await kit.pool.query('SELECT name FROM known_users WHERE user_id = $1', [newcomer.id])).rows[0]).toEqual({ name: 'Nina Newcomer' });

    const asked = kit.users.requests.length;
    await kit.call('GET', '/api/public/videos?limit=100');
    expect(kit.users.requests.length).toBe(asked);
    const ranked = (await kit.call('GET', '/api/public/rankings?city=cali&limit=100')).body.rankings.find((r: { user_id: string }) => r.user_id === newcomer.id);
    expect(ranked).toMatchObject({ username: 'nina', city: 'Cali', votes: 1 });
  });

  it('when an unknown player ranks, then the unfiltered rankings ask users first; when users is down, the page still answers without the name', async () => {
    const late = { id: randomUUID(), name: 'Lara Late', username: 'lara', city: 'Bogotá', country: 'Colombia' };
    kit.users.add(late);
    await publishedVideoOf(late.id);
    const ranked = (await kit.call('GET', '/api/public/rankings?limit=100')).body.rankings.find((r: { user_id: string }) => r.user_id === late.id);
    expect(ranked).toMatchObject({ username: 'lara', city: 'Bogotá', votes: 1 });

    const ghost = randomUUID();
    const video = await publishedVideoOf(ghost);
    kit.users.failWith = 503;
    try {
      const answer = await kit.call('GET', '/api/public/videos?limit=100');
      expect(answer.status).toBe(200);
      expect(answer.body.items.find((v: { id: string }) => v.id === video)).toMatchObject({ player_name: null, player_city: null });
    } finally {
      kit.users.failWith = undefined;
    }
  });
});
