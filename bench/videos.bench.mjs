// What the video worker's one ffmpeg pass (trim, scale and pad, logo in one filter graph: the
// worker's own `filterGraph`) saves against the three passes of the original design (trim, then
// scale+pad, then overlay, each re-encoding), on the same 30 s 1920×1080 clip, side by side in one
// run. Prints both wall times and the ratio (issue 14 asks for one pass; ADR 0013).
// Env: BENCH_FFMPEG_PRESET (veryfast), BENCH_ROUNDS (1: the median of that many runs each).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
