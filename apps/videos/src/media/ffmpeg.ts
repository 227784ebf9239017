// ffmpeg and ffprobe through child_process.spawn (no wrapper library: see docs/adr/0013-videos.md).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { UnreadableMediaError, type MediaInfo, type MediaTools, type ProcessOptions } from '../domain/media';

export interface FfmpegOptions {
  ffmpegPath: string;
  ffprobePath: string;
  /** The PNG overlaid top right (made on first use: the API, which only probes, never needs it). */
  logo: () => Promise<string>;
  preset: string;
  /** A run longer than this is killed and rejects (not an `UnreadableMediaError`: it may be retried). */
  timeoutMs: number;
}

interface RunResult {
  stdout: string;
  stderr: string;
}

/** The output frame, and the logo's margin from the top-right corner. */
export const OUTPUT_WIDTH = 1280;
export const OUTPUT_HEIGHT = 720;
export const LOGO_MARGIN = 24;

let deathSignalWrapper: string | null | undefined;

/**
 * `setpriv` (util-linux, in every Debian image) when it can set a parent-death signal: a tool run
 * through it is SIGKILLed by the kernel when the worker dies, even by SIGKILL, instead of encoding
 * on as an orphan (ffmpeg ignores SIGPIPE, so a closed progress pipe does not stop it). Null
 * elsewhere (macOS): there an orphan runs to its end, and its file never becomes the result.
 */
function parentDeathWrapper(): string | null {
  if (deathSignalWrapper === undefined) {
    const probe = process.platform === 'linux' ? spawnSync('setpriv', ['--pdeathsig', 'KILL', 'true'], { stdio: 'ignore', timeout: 5_000 }) : null;
    deathSignalWrapper = probe?.status === 0 ? 'setpriv' : null;
  }
  return deathSignalWrapper;
}

/**
 * Runs a tool to its end: rejects on a non-zero exit (with the last stderr lines) and kills it
 * (SIGKILL) after `timeoutMs`, or when this process dies (see `parentDeathWrapper`). `onStdout`
 * sees output as it comes.
 */
export function run(command: string, args: string[], timeoutMs: number, onStdout?: (chunk: string) => void): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const wrapper = parentDeathWrapper();
    // setpriv execs the tool in place: the child's pid is the tool's, and the timeout kills it.
    const child = wrapper
      ? spawn(wrapper, ['--pdeathsig', 'KILL', command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (onStdout) onStdout(chunk);
      else if (stdout.length < 1_000_000) stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`${path.basename(command)} timed out after ${timeoutMs} ms`));
      else if (code === 0) resolve({ stdout, stderr });
      // setpriv could not exec the tool (missing, not executable): like spawn's ENOENT, not a tool's verdict on the file.
      else if (wrapper && (code === 126 || code === 127) && stderr.includes('setpriv')) reject(new Error(`${command} could not be started: ${stderr.trim()}`));
      else reject(new ToolError(path.basename(command), code, signal, stderr));
    });
  });
}

/** A tool that ran and exited non-zero. */
export class ToolError extends Error {
  constructor(
    readonly tool: string,
    readonly code: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderr: string,
  ) {
    const last = stderr.trim().split('\n').slice(-3).join(' ').trim();
    super(`${tool} exited with ${code ?? signal}${last ? `: ${last}` : ''}`);
  }
}

/** The filter graph of the one pass: scale into 1280×720 keeping the aspect, pad, logo top right. */
export function filterGraph(): string {
  return [
    `[0:v]scale=${OUTPUT_WIDTH}:${OUTPUT_HEIGHT}:force_original_aspect_ratio=decrease,`,
    `pad=${OUTPUT_WIDTH}:${OUTPUT_HEIGHT}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1[base];`,
    `[base][1:v]overlay=W-w-${LOGO_MARGIN}:${LOGO_MARGIN},format=yuv420p[v]`,
  ].join('');
}

/** `out_time_us=…` (or `out_time_ms`, also microseconds) lines of `-progress` → seconds done. */
export function progressSeconds(line: string): number | null {
  const match = /^out_time_(?:us|ms)=(\d+)$/.exec(line.trim());
  return match ? Number(match[1]) / 1_000_000 : null;
}

export class Ffmpeg implements MediaTools {
  private logoPath: Promise<string> | null = null;

  constructor(private readonly options: FfmpegOptions) {}

  private logo(): Promise<string> {
    this.logoPath ??= this.options.logo().catch((error: unknown) => {
      this.logoPath = null;
      throw error;
    });
    return this.logoPath;
  }

  async probe(file: string): Promise<MediaInfo> {
    let result: RunResult;
    try {
      result = await run(
        this.options.ffprobePath,
        ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height:format=duration', '-of', 'json', file],
        30_000,
      );
    } catch (error) {
      if (error instanceof ToolError) throw new UnreadableMediaError(`not a readable video: ${error.message}`);
      throw error;
    }
    const parsed = JSON.parse(result.stdout) as { streams?: { width?: number; height?: number }[]; format?: { duration?: string } };
    const stream = parsed.streams?.[0];
    const duration = Number(parsed.format?.duration);
    if (!stream?.width || !stream.height || !Number.isFinite(duration) || duration <= 0) {
      throw new UnreadableMediaError('not a readable video: no video stream with a duration');
    }
    return { duration_seconds: Math.round(duration * 1000) / 1000, width: stream.width, height: stream.height };
  }

  async process(input: string, output: string, maxSeconds: number, options: ProcessOptions = {}): Promise<void> {
    const source = await this.probe(input);
    const expected = Math.min(source.duration_seconds, maxSeconds);
    await fs.mkdir(path.dirname(output), { recursive: true });
    const args = [
      '-hide_banner', '-nostdin', '-y', '-loglevel', 'error',
      '-t', String(maxSeconds), '-i', input,
      '-i', await this.logo(),
      '-filter_complex', filterGraph(),
      '-map', '[v]', '-map', '0:a?',
      '-c:v', 'libx264', '-preset', this.options.preset, '-crf', '23',
      '-c:a', 'aac', '-b:a', '128k',
      '-movflags', '+faststart', '-f', 'mp4',
      '-progress', 'pipe:1', '-nostats',
      output,
    ];
    let pending = '';
    try {
      await run(this.options.ffmpegPath, args, this.options.timeoutMs, (chunk) => {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          const done = progressSeconds(line);
          if (done !== null && expected > 0) options.onProgress?.(Math.min(99, Math.floor((done / expected) * 100)));
        }
      });
    } catch (error) {
      if (error instanceof ToolError && error.code !== null) throw new UnreadableMediaError(error.message);
      throw error;
    }
    options.onProgress?.(100);
  }
}

/**
 * The logo to overlay: `configured` when given, else `<dir>/logo.png`, generated once with
 * ffmpeg's lavfi (a magenta plate with a white bar) when missing. Written to a temporary name and
 * renamed, so two workers starting together never read half a file.
 */
export async function ensureLogo(ffmpegPath: string, dir: string, configured?: string): Promise<string> {
  if (configured) return configured;
  const logo = path.join(dir, 'logo.png');
  try {
    await fs.access(logo);
    return logo;
  } catch {
    await fs.mkdir(dir, { recursive: true });
    const temp = path.join(dir, `logo.${process.pid}.${Date.now()}.png`);
    await run(
      ffmpegPath,
      ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=0xff00ff:s=160x90', '-vf', 'drawbox=x=20:y=38:w=120:h=14:color=white:t=fill', '-frames:v', '1', temp],
      30_000,
    );
    await fs.rename(temp, logo);
    return logo;
  }
}
