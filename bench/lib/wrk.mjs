// Runs wrk (Debian package `wrk`) against one URL, or with a Lua script (one of your own, or one
// written here that cycles through a list of paths), and reads its summary: requests per second,
// p50/p99 latency in ms, and failed or non-2xx answers. wrk is C and light on CPU, so on a small
// machine it leaves the cores to what is measured.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function requireWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (error) {
    if (error.code === 'ENOENT') throw new Error('wrk is not installed: apt-get install -y wrk');
  }
}

const toMs = (value, unit) => Number(value) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit] ?? NaN);

/** Lua source whose request() GETs `paths` in turn, starting over after the last (a count per wrk thread). */
export function rotationLua(paths) {
  if (!Array.isArray(paths) || paths.length === 0) throw new Error('wrk: paths must be a non-empty list');
  // JSON string literals are valid Lua string literals for ASCII text (percent-encode the rest).
  const list = paths
    .map((p) => {
      if (!/^[\x20-\x7e]*$/.test(p)) throw new Error(`wrk: path must be printable ASCII (percent-encode it): ${JSON.stringify(p)}`);
      return `  ${JSON.stringify(p)},`;
    })
    .join('\n');
  return `local paths = {\n${list}\n}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format("GET", paths[i])\nend\n`;
}

/**
 * `{ url, headers?, connections = 50, threads = 1, durationSec = 10, script?, paths? }` →
 * `{ rps, p50, p99, errors, non2xx, requests }`. `script`: a Lua file passed to wrk as `-s`.
 * `paths`: request paths (`url` is then the server, e.g. `http://127.0.0.1:3000`) that a temporary
 * Lua script requests in turn; it is deleted when wrk is done. Give one of the two at most.
 */
export async function wrk({ url, headers = {}, connections = 50, threads = 1, durationSec = 10, script, paths }) {
  if (script && paths) throw new Error('wrk: give script or paths, not both');
  if (!paths) return run({ url, headers, connections, threads, durationSec, script });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wrk-paths-'));
  try {
    const file = path.join(dir, 'rotation.lua');
    fs.writeFileSync(file, rotationLua(paths));
    return await run({ url, headers, connections, threads, durationSec, script: file });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function run({ url, headers, connections, threads, durationSec, script }) {
  const args = ['--latency', '-t', String(threads), '-c', String(connections), '-d', `${durationSec}s`];
  if (script) args.push('-s', script);
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args);
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`wrk exited ${code}:\n${out}`));
      const latency = (pct) => {
        const match = new RegExp(`^\\s*${pct}%\\s+([\\d.]+)(us|ms|s|m)`, 'm').exec(out);
        return match ? toMs(match[1], match[2]) : NaN;
      };
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
      const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
      const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
      const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      const errors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
      resolve({ rps, p50: latency(50), p99: latency(99), requests, non2xx, errors });
    });
  });
}

export const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
