import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { waitUntil } from '@marquee/testing';
import { VideosTestKit, makeClip, probe } from '../testing/videos-kit';

/** Pids of running processes whose command line mentions `text` (an ffmpeg writing a given file). */
async function processesMentioning(text: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await fs.readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(text)) found.push(Number(entry));
  }
  return found;
}

describe('video worker: crashes and stuck jobs', () => {
  const kit = new VideosTestKit();
  let clip: string;

  beforeAll(async () => {
    // Stuck means 10 minutes in `processing` here: only the rows the test backdates qualify.
    await kit.start({ VIDEOS_STUCK_AFTER_MS: '600000', VIDEOS_STUCK_CHECK_MS: '200' });
    const dir = path.join(kit.storageDir, 'fixtures');
    await fs.mkdir(dir, { recursive: true });
    // 30 fps, so the killed worker's encode (preset medium) takes long enough to be caught mid-way.
    clip = makeClip(path.join(dir, 'landscape.mp4'), 30, 1920, 1080, 30);
  }, 90_000);
  afterAll(() => kit.stop());

  const row = async (id: string) =>
    (await kit.pool.query('SELECT status, progress, attempts, error FROM videos WHERE id = $1', [id])).rows[0] as
      | { status: string; progress: number; attempts: number; error: string | null }
      | undefined;

  it('when the worker is killed with SIGKILL mid-job, then another worker takes the unacked job and the video still ends processed', async () => {
    const first = await kit.spawnWorker({ VIDEOS_FFMPEG_PRESET: 'medium' });
    const me = kit.user();
    const { status, body } = await kit.upload(me.token, { file: clip, title: 'Crash test' });
    expect(status).toBe(201);
    await waitUntil(async () => (await row(body.id))?.status === 'processing' && (await row(body.id))!.progress > 0, {
      timeoutMs: 60_000,
      intervalMs: 50,
      message: 'video processing with progress',
    });
    await first.stop('SIGKILL');
    expect(await row(body.id)).toMatchObject({ status: 'processing', attempts: 1 });
    // Its ffmpeg does not encode on as an orphan: its next progress write meets a closed pipe.
    await waitUntil(async () => (await processesMentioning(`${body.id}.1.part`)).length === 0, { timeoutMs: 10_000, message: 'orphan ffmpeg gone' });

    await kit.spawnWorker();
    const video = await kit.settled(me.token, body.id, 90_000);
    expect(video).toMatchObject({ status: 'processed', progress: 100 });
    // The second worker took the killed one's job (attempt 2); on a loaded machine an attempt of
    // its own may fail and be retried, which is the design, so more attempts are allowed.
    expect((await row(body.id))!.attempts).toBeGreaterThanOrEqual(2);
    const output = path.join(kit.storageDir, 'processed', `${body.id}.mp4`);
    const info = probe(output);
    expect(info).toMatchObject({ width: 1280, height: 720 });
    expect(info.duration).toBeCloseTo(20, 0);
    // The killed attempt's half-written file is gone; only the result remains.
    expect((await fs.readdir(path.join(kit.storageDir, 'processed'))).filter((f) => f.startsWith(body.id))).toEqual([`${body.id}.mp4`]);
  }, 180_000);

  it('when a video is stuck in processing past the timeout, then it is queued again, or failed once out of attempts', async () => {
    if (!kit.processes.some((p) => p.running)) await kit.spawnWorker();
    const owner = randomUUID();
    const stuck = async (attempts: number) => {
      const id = randomUUID();
      const key = `uploads/${owner}/${id}.mp4`;
      await fs.mkdir(path.join(kit.storageDir, 'uploads', owner), { recursive: true });
      await fs.copyFile(clip, path.join(kit.storageDir, key));
      // As a worker that died without its job coming back would leave it, an hour ago.
      await kit.pool.query(
        `INSERT INTO videos (id, user_id, title, original_key, status, progress, attempts, processing_started_at)
         VALUES ($1, $2, 'Stuck', $3, 'processing', 40, $4, now() - interval '1 hour')`,
        [id, owner, key, attempts],
      );
      return id;
    };
    const retried = await stuck(1);
    const exhausted = await stuck(3);

    const failed = await kit.event('video.failed', (d) => d.video_id === exhausted);
    expect(failed.data.error).toBe('processing did not finish in time');
    await waitUntil(async () => (await row(retried))?.status === 'processed', { timeoutMs: 90_000, message: 'stuck video processed' });
    expect(await row(retried)).toMatchObject({ status: 'processed', attempts: 2, progress: 100 });
    expect(await row(exhausted)).toMatchObject({ status: 'failed', attempts: 3 });
    expect(probe(path.join(kit.storageDir, 'processed', `${retried}.mp4`))).toMatchObject({ width: 1280, height: 720 });
  }, 120_000);
});
