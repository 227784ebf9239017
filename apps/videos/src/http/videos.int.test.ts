import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { UserRegisteredData } from '@marquee/contracts';
import { formatFindings } from '@marquee/testing';
import { MAX_UPLOAD_BYTES } from '../domain/video';
import { LOGO_MARGIN } from '../media/ffmpeg';
import { VideosTestKit, makeClip, pixel, probe } from '../testing/videos-kit';

function registered(userId: string, name: string, city: string | null, country: string | null): UserRegisteredData {
  return {
    user_id: userId, email: `${randomUUID()}@example.com`, username: null, first_name: null, last_name: null, name,
    city, country, phone_number: null, genres: [], role: 'user', maturity_filter: 'all', preferred_language: null,
  };
}

describe('videos service: upload, processing, stream, votes', () => {
  const kit = new VideosTestKit();
  let clips: { landscape: string; portrait: string; text: string; fakeMp4: string };

  beforeAll(async () => {
    await kit.start();
    await kit.startWorker();
    const dir = path.join(kit.storageDir, 'fixtures');
    await fs.mkdir(dir, { recursive: true });
    clips = {
      landscape: makeClip(path.join(dir, 'landscape.mp4'), 30, 1920, 1080),
      portrait: makeClip(path.join(dir, 'portrait.mp4'), 8, 480, 640),
      text: path.join(dir, 'notes.mp4'),
      fakeMp4: path.join(dir, 'fake.mp4'),
    };
    await fs.writeFile(clips.text, 'just some text, not a video\n'.repeat(100));
    await fs.writeFile(clips.fakeMp4, Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(4000, 7)]));
  }, 60_000);
  afterAll(() => kit.stop());

  const rows = async () => (await kit.pool.query('SELECT count(*)::int AS n FROM videos')).rows[0].n as number;
  const filesUnder = async (dir: string) => (await fs.readdir(path.join(kit.storageDir, dir), { recursive: true }).catch(() => [])).length;

  it('when a 30 s 1080p clip is uploaded, then 201 at once, and the worker trims it to 20 s at 1280×720 with the logo top right', async () => {
    const me = kit.user();
    const answer = await kit.upload(me.token, { file: clips.landscape, title: '  Match point ' });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ id: expect.any(String), status: 'uploaded', message: expect.any(String) });
    const uploaded = await kit.event('video.uploaded', (d) => d.video_id === answer.body.id);
    expect(uploaded.data).toMatchObject({ user_id: me.userId, title: 'Match point', publish_requested: false });

    const video = await kit.settled(me.token, answer.body.id);
    expect(video).toMatchObject({ status: 'processed', progress: 100, is_published: false, processed_url: `/api/videos/${answer.body.id}/stream` });
    expect(video.duration_seconds).toBeCloseTo(20, 0);
    expect(video.original_url).toBe(`uploads/${me.userId}/${answer.body.id}.mp4`);
    const processed = await kit.event('video.processed', (d) => d.video_id === answer.body.id);
    expect(processed.data.duration_seconds).toBeCloseTo(20, 0);

    const output = path.join(kit.storageDir, 'processed', `${answer.body.id}.mp4`);
    const info = probe(output);
    expect(info).toMatchObject({ width: 1280, height: 720 });
    expect(info.duration).toBeCloseTo(20, 0);
    // The generated logo is a 160×90 magenta plate LOGO_MARGIN px from the top-right corner.
    const [r, g, b] = pixel(output, 1280 - LOGO_MARGIN - 150, LOGO_MARGIN + 4);
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(80);
    expect(b).toBeGreaterThan(200);
  }, 90_000);

  it('when an 8 s portrait clip is uploaded with publish, then it keeps 8 s, is padded into 1280×720 and published', async () => {
    const me = kit.user();
    const answer = await kit.upload(me.token, { file: clips.portrait, title: 'Portrait', publish: 'true' });
    expect(answer.status).toBe(201);
    const video = await kit.settled(me.token, answer.body.id);
    expect(video).toMatchObject({ status: 'processed', is_published: true });
    expect(video.duration_seconds).toBeCloseTo(8, 0);
    const output = path.join(kit.storageDir, 'processed', `${answer.body.id}.mp4`);
    expect(probe(output)).toMatchObject({ width: 1280, height: 720 });
    const [r, g, b] = pixel(output, 20, 360);
    expect(r + g + b).toBeLessThan(40);
  }, 60_000);

  it('when the file is text named .mp4, has only a fake ftyp, or a field is missing, then 415 or 400 and nothing is stored', async () => {
    const me = kit.user();
    const before = await rows();
    const text = await kit.upload(me.token, { file: clips.text, title: 'Notes' });
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await kit.upload(me.token, { file: clips.fakeMp4, title: 'Fake' })).status).toBe(415);
    const noTitle = await kit.upload(me.token, { file: clips.portrait });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.errors).toEqual([{ field: 'body.title', message: 'is required' }]);
    const noFile = await kit.upload(me.token, { title: 'Nothing' });
    expect(noFile.status).toBe(400);
    expect(noFile.body.errors).toEqual([{ field: 'body.video_file', message: 'is required' }]);
    const json = await kit.call('POST', '/api/videos/upload', { token: me.token, body: { title: 'x' } });
    expect(json.status).toBe(415);
    expect((await kit.upload('not-a-token', { file: clips.portrait, title: 'x' })).status).toBe(401);
    expect(await rows()).toBe(before);
    expect(await filesUnder(`uploads/${me.userId}`)).toBe(0);
  });

  it('when the upload is over 100 MB, then 413 and nothing is stored', async () => {
    const me = kit.user();
    const before = await rows();
    const form = new FormData();
    form.append('title', 'Too big');
    form.append('video_file', new Blob([Buffer.alloc(MAX_UPLOAD_BYTES + 1024 * 1024)]), 'big.mp4');
    const response = await fetch(`${kit.url}/api/videos/upload`, { method: 'POST', headers: { authorization: `Bearer ${me.token}` }, body: form });
    expect(response.status).toBe(413);
    expect(await rows()).toBe(before);
    expect(await filesUnder(`uploads/${me.userId}`)).toBe(0);
  });

  it('when an input ffmpeg cannot read is queued, then the video ends failed with the reason, once', async () => {
    const owner = randomUUID();
    const id = randomUUID();
    const key = `uploads/${owner}/${id}.mp4`;
    await fs.mkdir(path.join(kit.storageDir, 'uploads', owner), { recursive: true });
    await fs.writeFile(path.join(kit.storageDir, key), 'garbage');
    await kit.pool.query("INSERT INTO videos (id, user_id, title, original_key) VALUES ($1, $2, 'Broken', $3)", [id, owner, key]);
    await kit.observer.publish('video.uploaded', { video_id: id, user_id: owner, title: 'Broken', status: 'uploaded', publish_requested: false });
    const failed = await kit.event('video.failed', (d) => d.video_id === id);
    expect(failed.data.error).toMatch(/not a readable video/);
    const row = (await kit.pool.query('SELECT status, error, attempts FROM videos WHERE id = $1', [id])).rows[0];
    expect(row).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringMatching(/not a readable video/) });
  });

  it('when the processed file is streamed with a range, then 206 with Content-Range; strangers see it only once published', async () => {
    const me = kit.user();
    const stranger = kit.user();
    const { body } = await kit.upload(me.token, { file: clips.portrait, title: 'Stream me' });
    await kit.settled(me.token, body.id);
    const size = (await fs.stat(path.join(kit.storageDir, 'processed', `${body.id}.mp4`))).size;

    const part = await fetch(`${kit.url}/api/videos/${body.id}/stream`, { headers: { authorization: `Bearer ${me.token}`, range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('accept-ranges')).toBe('bytes');
    expect(part.headers.get('content-range')).toBe(`bytes 0-99/${size}`);
    const bytes = Buffer.from(await part.arrayBuffer());
    expect(bytes.length).toBe(100);
    expect(bytes.toString('latin1', 4, 8)).toBe('ftyp');
    const tail = await fetch(`${kit.url}/api/videos/${body.id}/stream`, { headers: { authorization: `Bearer ${me.token}`, range: 'bytes=-10' } });
    expect(tail.headers.get('content-range')).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    const outside = await fetch(`${kit.url}/api/videos/${body.id}/stream`, { headers: { authorization: `Bearer ${me.token}`, range: `bytes=${size}-` } });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${size}`);

    expect((await kit.call('GET', `/api/videos/${body.id}/stream`, { token: stranger.token })).status).toBe(404);
    expect((await kit.call('GET', `/api/videos/${body.id}`, { token: stranger.token })).status).toBe(403);
    expect((await kit.call('POST', `/api/videos/${body.id}/publish`, { token: me.token })).status).toBe(200);
    const whole = await fetch(`${kit.url}/api/videos/${body.id}/stream`);
    expect(whole.status).toBe(200);
    expect(Number(whole.headers.get('content-length'))).toBe(size);
    expect((await whole.arrayBuffer()).byteLength).toBe(size);
  }, 60_000);

  it('when one user clicks vote 50 times at once, then one vote counts; own, unpublished and unknown videos are refused', async () => {
    const owner = kit.user();
    const voter = kit.user();
    await kit.deliver('user.registered', registered(owner.userId, 'Ana Pérez', 'Bogotá', 'Colombia'));
    const { body } = await kit.upload(owner.token, { file: clips.portrait, title: 'Vote me' });
    await kit.settled(owner.token, body.id);
    const early = await kit.call('POST', `/api/public/videos/${body.id}/vote`, { token: voter.token });
    expect(early.status).toBe(400);
    expect(early.body.code).toBe('VIDEO_NOT_PUBLISHED');
    await kit.call('POST', `/api/videos/${body.id}/publish`, { token: owner.token });

    const clicks = await Promise.all(Array.from({ length: 50 }, () => kit.call('POST', `/api/public/videos/${body.id}/vote`, { token: voter.token })));
    expect(clicks.filter((c) => c.status === 201)).toHaveLength(1);
    expect(clicks.filter((c) => c.status === 409 && c.body.code === 'ALREADY_VOTED')).toHaveLength(49);
    expect(clicks.find((c) => c.status === 201)?.body).toEqual({ message: expect.any(String), video_id: body.id, total_votes: 1 });
    expect((await kit.pool.query('SELECT count(*)::int AS n FROM votes WHERE video_id = $1', [body.id])).rows[0].n).toBe(1);
    const cast = await kit.event('vote.cast', (d) => d.video_id === body.id);
    expect(cast.data).toEqual({ video_id: body.id, voter_id: voter.userId, owner_id: owner.userId, total_votes: 1 });

    const own = await kit.call('POST', `/api/public/videos/${body.id}/vote`, { token: owner.token });
    expect(own.status).toBe(400);
    expect(own.body.code).toBe('OWN_VIDEO');
    expect((await kit.call('POST', `/api/public/videos/${randomUUID()}/vote`, { token: voter.token })).status).toBe(404);

    const listed = (await kit.call('GET', '/api/public/videos?limit=100')).body.items.find((v: { id: string }) => v.id === body.id);
    expect(listed).toMatchObject({ votes: 1, player_name: 'Ana Pérez', player_city: 'Bogotá' });
    const ranked = await kit.call('GET', '/api/public/rankings?city=bogota');
    expect(ranked.body).toMatchObject({ total: 1, page: 1, page_size: 20, total_pages: 1 });
    expect(ranked.body.rankings).toEqual([{ position: 1, user_id: owner.userId, username: 'Ana Pérez', city: 'Bogotá', country: 'Colombia', votes: 1 }]);

    const removal = await kit.call('DELETE', `/api/videos/${body.id}`, { token: owner.token });
    expect(removal.status).toBe(409);
    expect(removal.body.code).toBe('VIDEO_HAS_VOTES');
  }, 60_000);

  it('when a video without votes is deleted, then its row and both files are gone', async () => {
    const me = kit.user();
    const { body } = await kit.upload(me.token, { file: clips.portrait, title: 'Delete me' });
    await kit.settled(me.token, body.id);
    expect((await kit.call('DELETE', `/api/videos/${body.id}`, { token: kit.user().token })).status).toBe(403);
    expect((await kit.call('DELETE', `/api/videos/${body.id}`, { token: me.token })).status).toBe(204);
    expect((await kit.call('GET', `/api/videos/${body.id}`, { token: me.token })).status).toBe(404);
    expect(await filesUnder(`uploads/${me.userId}`)).toBe(0);
    await expect(fs.access(path.join(kit.storageDir, 'processed', `${body.id}.mp4`))).rejects.toThrow();
    expect((await kit.call('GET', '/api/videos', { token: me.token })).body.total).toBe(0);
  }, 60_000);

  it('when every route gets hostile input, then no answer is a 5xx and no refusal writes a row', async () => {
    const report = await kit.sweep();
    expect(formatFindings(report.findings)).toBe('');
    expect(report.requests).toBeGreaterThan(30);
  });
});
