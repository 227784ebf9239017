// What the video worker's one ffmpeg pass (trim, scale and pad, logo in one filter graph: the
// worker's own `filterGraph`) saves against the three passes of the original design (trim, then
// scale+pad, then overlay, each re-encoding), on the same 30 s 1920×1080 clip, side by side in one
// run. Prints both wall times and the ratio (issue 14 asks for one pass; ADR 0013). Then the
// whole pipeline with every process real (users, videos, the gateway, RabbitMQ, PostgreSQL):
// BENCH_CLIPS uploads through the gateway, processed by one worker and then by two competing
// workers, in clips per minute.
// Env: BENCH_FFMPEG_PRESET (veryfast), BENCH_ROUNDS (1: the median of that many runs each),
// BENCH_CLIPS (6 per worker count).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { openAsBlob } from 'node:fs';
import { NodeProcess } from '../apps/gateway/test/support/processes.ts';
import { PlatformStack } from '../apps/gateway/test/support/platform-stack.ts';
import { registerUser } from '../apps/gateway/test/support/users-process.ts';
import { filterGraph, LOGO_MARGIN as MARGIN, OUTPUT_HEIGHT as H, OUTPUT_WIDTH as W } from '../apps/videos/src/media/ffmpeg.ts';

const preset = process.env.BENCH_FFMPEG_PRESET ?? 'veryfast';
const runs = Number(process.env.BENCH_ROUNDS ?? 1);
const ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videos-passes-'));
const file = (name) => path.join(dir, name);
const run = (args) => execFileSync(ffmpeg, ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
const timed = (fn) => {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
};
const video = ['-c:v', 'libx264', '-preset', preset, '-crf', '23'];
const audio = ['-c:a', 'aac', '-b:a', '128k'];

try {
  process.stdout.write(`making the input: 30 s, 1920x1080, 30 fps, with audio (in ${dir})\n`);
  run(['-f', 'lavfi', '-i', 'testsrc=size=1920x1080:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-t', '30', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file('input.mp4')]);
  run(['-f', 'lavfi', '-i', 'color=c=0xff00ff:s=160x90', '-vf', 'drawbox=x=20:y=38:w=120:h=14:color=white:t=fill', '-frames:v', '1', file('logo.png')]);

  const graph = filterGraph();
  const onePass = timed(() =>
    run(['-t', '20', '-i', file('input.mp4'), '-i', file('logo.png'), '-filter_complex', graph, '-map', '[v]', '-map', '0:a?',
      ...video, ...audio, '-movflags', '+faststart', file('one-pass.mp4')]),
  );

  const threePasses = timed(() => {
    run(['-i', file('input.mp4'), '-t', '20', ...video, ...audio, file('1-trimmed.mp4')]);
    run(['-i', file('1-trimmed.mp4'), '-vf', `scale=${W}:${H}:force_original_aspect_ratio=decrease,pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1`,
      ...video, '-c:a', 'copy', file('2-scaled.mp4')]);
    run(['-i', file('2-scaled.mp4'), '-i', file('logo.png'), '-filter_complex', `[0:v][1:v]overlay=W-w-${MARGIN}:${MARGIN},format=yuv420p[v]`,
      '-map', '[v]', '-map', '0:a?', ...video, '-c:a', 'copy', '-movflags', '+faststart', file('three-passes.mp4')]);
  });

  const cpus = os.cpus().length;
  process.stdout.write(`preset ${preset}, ${cpus} CPUs, median of ${runs} run(s)\n`);
  process.stdout.write(`one pass:     ${onePass.toFixed(2)} s\n`);
  process.stdout.write(`three passes: ${threePasses.toFixed(2)} s\n`);
  process.stdout.write(`ratio:        ${(threePasses / onePass).toFixed(2)}x\n`);

  await pipeline(file('input.mp4'));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Uploads BENCH_CLIPS clips through the gateway with 1 and then 2 workers; prints clips per minute. */
async function pipeline(input) {
  const clips = Number(process.env.BENCH_CLIPS ?? 6);
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'videos-bench-storage-'));
  const quiet = { LOG_LEVEL: 'error' };
  const stack = new PlatformStack({
    services: ['videos'],
    admin: { email: 'bench-admin@example.com', password: 'bench-admin-123' },
    env: { users: quiet, gateway: quiet, videos: { ...quiet, VIDEOS_STORAGE_DIR: storage, VIDEOS_FFMPEG_PRESET: preset } },
  });
  const workers = [];
  try {
    await stack.start();
    const player = await registerUser(stack.gatewayUrl, '10.98.0.1');
    const api = stack.processes.get('videos');
    const upload = async (i) => {
      const form = new FormData();
      form.append('video_file', await openAsBlob(input), `clip-${i}.mp4`);
      form.append('title', `Clip ${i}`);
      const res = await fetch(`${stack.gatewayUrl}/api/videos/upload`, { method: 'POST', headers: { authorization: `Bearer ${player.access_token}` }, body: form });
      if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
      return (await res.json()).id;
    };
    const status = async (id) => {
      const res = await fetch(`${stack.gatewayUrl}/api/videos/${id}`, { headers: { authorization: `Bearer ${player.access_token}` } });
      return (await res.json()).status;
    };
    for (const count of [1, 2]) {
      while (workers.length < count) {
        const worker = new NodeProcess(`video-worker-${workers.length + 1}`, 'apps/videos/src/worker.ts', { ...api.env, LOG_LEVEL: 'info' }, null);
        await worker.start(60_000);
        const ready = Date.now() + 60_000;
        while (!worker.output.includes('video worker ready') && Date.now() < ready) await new Promise((r) => setTimeout(r, 100));
        workers.push(worker);
      }
      const started = performance.now();
      const ids = [];
      for (let i = 0; i < clips; i++) ids.push(await upload(i));
      const pending = new Set(ids);
      const deadline = Date.now() + 15 * 60_000;
      while (pending.size > 0 && Date.now() < deadline) {
        for (const id of [...pending]) {
          const s = await status(id);
          if (s === 'failed') throw new Error(`video ${id} failed`);
          if (s === 'processed') pending.delete(id);
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      const minutes = (performance.now() - started) / 60_000;
      process.stdout.write(`${count} worker(s): ${clips} clips uploaded through the gateway and processed in ${(minutes * 60).toFixed(1)} s: ${(clips / minutes).toFixed(1)} clips/min\n`);
    }
  } finally {
    for (const worker of workers) await worker.stop();
    await stack.stop();
    fs.rmSync(storage, { recursive: true, force: true });
  }
}
