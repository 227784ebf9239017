import fs from 'node:fs/promises';
import path from 'node:path';
import { VideosTestKit, probe } from '../testing/videos-kit';
import { DEMO_CLIPS } from './demo-videos';

describe('videos service: demo seed', () => {
  const kit = new VideosTestKit();
  beforeAll(() => kit.start({ SEED_DEMO: 'true' }), 120_000);
  afterAll(() => kit.stop());

  const counts = async () =>
    (await kit.pool.query('SELECT (SELECT count(*)::int FROM videos) AS videos, (SELECT count(*)::int FROM votes) AS votes')).rows[0];

  it('when the service starts with SEED_DEMO, then the showcase and the rankings have processed, published clips with votes', async () => {
    const list = await kit.call('GET', '/api/public/videos?limit=100');
    expect(list.status).toBe(200);
    expect(list.body.items.map((v: { id: string; votes: number }) => [v.id, v.votes])).toEqual(DEMO_CLIPS.map((c) => [c.id, c.votes]));
    expect(list.body.items[0]).toMatchObject({ status: 'processed', is_published: true, player_name: 'Valentina Rojas', player_city: 'Bogotá' });
    for (const clip of DEMO_CLIPS) {
      const info = probe(path.join(kit.storageDir, 'processed', `${clip.id}.mp4`));
      expect(info).toMatchObject({ width: 1280, height: 720 });
      expect(info.duration).toBeCloseTo(6, 0);
    }
    const streamed = await fetch(`${kit.url}/api/videos/${DEMO_CLIPS[0].id}/stream`, { headers: { range: 'bytes=0-15' } });
    expect(streamed.status).toBe(206);
    await streamed.arrayBuffer();

    const rankings = await kit.call('GET', '/api/public/rankings?city=bogota');
    expect(rankings.body.rankings.map((r: { username: string; votes: number }) => [r.username, r.votes])).toEqual([
      ['vale_rojas', 4],
      ['demo_organizer', 1],
    ]);
  });

  it('when it starts again with SEED_DEMO (or without ffmpeg), then nothing is added', async () => {
    const before = await counts();
    expect(before).toEqual({ videos: 3, votes: 7 });
    await kit.startReplica({ ...kit.videoEnv(), SEED_DEMO: 'true' });
    expect(await counts()).toEqual(before);
    await fs.rm(path.join(kit.storageDir, 'processed', `${DEMO_CLIPS[2].id}.mp4`));
    await kit.startReplica({ ...kit.videoEnv(), SEED_DEMO: 'true', FFMPEG_PATH: '/nonexistent/ffmpeg' });
    expect(await counts()).toEqual(before);
    // A clip whose file went missing is made again on the next start that has ffmpeg.
    await kit.startReplica({ ...kit.videoEnv(), SEED_DEMO: 'true' });
    expect(await counts()).toEqual(before);
    expect(probe(path.join(kit.storageDir, 'processed', `${DEMO_CLIPS[2].id}.mp4`))).toMatchObject({ width: 1280, height: 720 });
  }, 120_000);
});
