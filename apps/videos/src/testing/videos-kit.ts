// Test helpers of the videos app: a kit that also runs video workers, and clips made with ffmpeg.
import { execFileSync } from 'node:child_process';
import { openAsBlob } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EventObserver, ServiceTestKit, waitUntil } from '@marquee/testing';
import { videosService } from '../app';
import { videoWorker } from '../video-worker';

type Worker = Awaited<ReturnType<typeof videoWorker.start>>;

/** ServiceTestKit for the API, with a private storage folder and any number of in-process workers. */
export class VideosTestKit extends ServiceTestKit<Awaited<ReturnType<typeof videosService.start>>> {
  readonly workers: Worker[] = [];
  storageDir = '';

  constructor() {
    super(videosService, { observe: ['video.#', 'vote.#'] });
  }

  override async start(extraEnv: Record<string, string> = {}): Promise<void> {
    this.storageDir = await fs.mkdtemp(path.join(os.tmpdir(), 'videos-storage-'));
    await super.start({ ...this.videoEnv(), ...extraEnv });
  }

  videoEnv(): Record<string, string> {
    return { VIDEOS_STORAGE_DIR: this.storageDir, VIDEOS_FFMPEG_PRESET: 'ultrafast' };
  }

  async startWorker(extraEnv: Record<string, string> = {}): Promise<Worker> {
    const worker = await videoWorker.start(await this.environment({ ...this.videoEnv(), ...extraEnv }));
    this.workers.push(worker);
    await waitUntil(() => worker.platform.broker.isConnected(), { message: 'worker broker connected' });
    return worker;
  }

  override async stop(): Promise<void> {
    const workers = this.workers.splice(0);
    for (const worker of workers) await worker.stop();
    await super.stop();
    // The workers' queues: an observer deletes what the given brokers declared.
    const cleaner = new EventObserver({ prefix: this.prefix, bindings: [] });
    await cleaner.start();
    await cleaner.stop(...workers.map((w) => w.platform.broker));
    if (this.storageDir) await fs.rm(this.storageDir, { recursive: true, force: true });
  }

  /** `POST /api/videos/upload` with a real multipart body. */
  async upload(token: string, fields: { file?: string; filename?: string; title?: string; publish?: string }) {
    const form = new FormData();
    if (fields.file) form.append('video_file', await openAsBlob(fields.file), fields.filename ?? path.basename(fields.file));
    if (fields.title !== undefined) form.append('title', fields.title);
    if (fields.publish !== undefined) form.append('publish', fields.publish);
    const response = await fetch(`${this.url}/api/videos/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  /** Waits until the video leaves uploaded/processing and returns it as its owner sees it. */
  async settled(token: string, id: string, timeoutMs = 60_000) {
    let last: { status: string } | undefined;
    await waitUntil(
      async () => {
        last = (await this.call('GET', `/api/videos/${id}`, { token })).body;
        return last?.status === 'processed' || last?.status === 'failed';
      },
      { timeoutMs, message: `video ${id} settled` },
    );
    return last as Record<string, unknown> & { status: string };
  }
}

/** Runs ffmpeg or ffprobe and returns stdout. */
export function tool(command: 'ffmpeg' | 'ffprobe', args: string[]): Buffer {
  return execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

/** A testsrc clip (`seconds` long, `width`×`height`, 10 fps, with a tone) at `file`. */
export function makeClip(file: string, seconds: number, width: number, height: number): string {
  tool('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=10`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=22050',
    '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file,
  ]);
  return file;
}

/** Width, height and duration of a file, by ffprobe. */
export function probe(file: string): { width: number; height: number; duration: number } {
  const out = JSON.parse(
    tool('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height:format=duration', '-of', 'json', file]).toString(),
  ) as { streams: { width: number; height: number }[]; format: { duration: string } };
  return { width: out.streams[0]!.width, height: out.streams[0]!.height, duration: Number(out.format.duration) };
}

/** The mean RGB of a `size`×`size` square of the frame at 1 s, `x`,`y` from its top-left corner. */
export function pixel(file: string, x: number, y: number, size = 8): [number, number, number] {
  const raw = tool('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-ss', '1', '-i', file, '-frames:v', '1',
    '-vf', `crop=${size}:${size}:${x}:${y},scale=1:1`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-',
  ]);
  return [raw[0]!, raw[1]!, raw[2]!];
}
