// Test helpers of the videos app: a kit that also runs video workers (in the test process or as
// real child processes), a stand-in for the users directory, and clips made with ffmpeg.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { openAsBlob } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EventObserver, ServiceTestKit, UsersDirectoryStandIn as UsersStandIn, waitUntil } from '@marquee/testing';
import { videosService } from '../app';
import { videoWorker } from '../video-worker';

export { UsersDirectoryStandIn as UsersStandIn, type StandInUser } from '@marquee/testing';

const APP_ROOT = path.resolve(__dirname, '../..');

/** One of the app's entry points (`src/main.ts`, `src/worker.ts`) as a real process, the way `npm start` runs it. */
export class AppProcess {
  private child: ChildProcess | undefined;
  output = '';

  constructor(
    readonly entry: 'src/main.ts' | 'src/worker.ts',
    readonly env: Record<string, string>,
    /** Extra `node` flags before the entry. */
    readonly nodeFlags: string[] = [],
  ) {}

  get pid(): number {
    if (!this.child?.pid) throw new Error(`${this.entry} is not running`);
    return this.child.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts it and waits until `ready` says so (or it exits). */
  async start(ready: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const child = spawn(process.execPath, [...this.nodeFlags, '--import', 'tsx', this.entry], {
      cwd: APP_ROOT,
      env: { PATH: process.env.PATH ?? '', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => void (this.output = (this.output + chunk.toString()).slice(-20_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`${this.entry} exited with ${child.exitCode}:\n${this.output}`);
        return ready().catch(() => false);
      },
      { timeoutMs, message: `${this.entry} started` },
    );
  }

  /** SIGKILL (a crash: no drain, no ack) or SIGTERM (a clean stop), and wait for the exit. */
  async stop(signal: 'SIGKILL' | 'SIGTERM' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  }
}

/** A field of /proc/<pid>/status in bytes (`VmRSS`, `VmHWM`). */
export async function procMemory(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

type Worker = Awaited<ReturnType<typeof videoWorker.start>>;

/** ServiceTestKit for the API, with a private storage folder and any number of in-process workers. */
export class VideosTestKit extends ServiceTestKit<Awaited<ReturnType<typeof videosService.start>>> {
  readonly workers: Worker[] = [];
  /** Child processes started with `spawn`, stopped by `stop`. */
  readonly processes: AppProcess[] = [];
  readonly users = new UsersStandIn();
  storageDir = '';

  constructor() {
    super(videosService, { observe: ['video.#', 'vote.#'] });
  }

  override async start(extraEnv: Record<string, string> = {}): Promise<void> {
    this.storageDir = await fs.mkdtemp(path.join(os.tmpdir(), 'videos-storage-'));
    await this.users.start();
    await super.start({ ...this.videoEnv(), ...extraEnv });
  }

  videoEnv(): Record<string, string> {
    return { VIDEOS_STORAGE_DIR: this.storageDir, VIDEOS_FFMPEG_PRESET: 'ultrafast', USERS_URL: this.users.url };
  }

  /** The worker (`src/worker.ts`) as a real process on this kit's database, bus and storage. */
  async spawnWorker(extraEnv: Record<string, string> = {}): Promise<AppProcess> {
    const worker = new AppProcess('src/worker.ts', await this.environment({ ...this.videoEnv(), LOG_LEVEL: 'info', ...extraEnv }));
    this.processes.push(worker);
    // Started once its consumer is on the work queue.
    await worker.start(async () => worker.output.includes('video worker ready'));
    return worker;
  }

  /** The API (`src/main.ts`) as a real process, another replica on this kit's database and bus. */
  async spawnApi(extraEnv: Record<string, string> = {}, nodeFlags: string[] = []): Promise<{ process: AppProcess; url: string }> {
    const env = await this.environment({ ...this.videoEnv(), ...extraEnv });
    const api = new AppProcess('src/main.ts', env, nodeFlags);
    this.processes.push(api);
    const url = `http://127.0.0.1:${env.PORT}`;
    await api.start(async () => (await fetch(`${url}/ready`, { signal: AbortSignal.timeout(1000) })).ok);
    return { process: api, url };
  }

  async startWorker(extraEnv: Record<string, string> = {}): Promise<Worker> {
    const worker = await videoWorker.start(await this.environment({ ...this.videoEnv(), ...extraEnv }));
    this.workers.push(worker);
    await waitUntil(() => worker.platform.broker.isConnected(), { message: 'worker broker connected' });
    return worker;
  }

  override async stop(): Promise<void> {
    for (const child of this.processes.splice(0)) await child.stop();
    await this.users.stop();
    const workers = this.workers.splice(0);
    for (const worker of workers) await worker.stop();
    await super.stop();
    // The workers' queues: an observer deletes what the given brokers declared.
    const cleaner = new EventObserver({ prefix: this.prefix, bindings: [] });
    await cleaner.start();
    // What worker processes declared (the work queue and its retry and parking queues, with the
    // test environment's delays): their brokers are not here to say.
    const work = `${this.prefix}videos.process`;
    const spawned = { declaredNames: () => ({ exchanges: [], queues: [work, `${work}.parking`, `${work}.retry.100ms`, `${work}.retry.200ms`] }) };
    await cleaner.stop(spawned, ...workers.map((w) => w.platform.broker));
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

/** A testsrc clip (`seconds` long, `width`×`height`, `fps` frames a second, with a tone) at `file`. */
export function makeClip(file: string, seconds: number, width: number, height: number, fps = 10): string {
  tool('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=${fps}`,
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
