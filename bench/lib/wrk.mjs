// Runs wrk (Debian package `wrk`) against one URL and reads its summary: requests per second,
// p50/p99 latency in ms, and failed or non-2xx answers. wrk is C and light on CPU, so on a small
// machine it leaves the cores to what is measured.
import { execFileSync, spawn } from 'node:child_process';

export function requireWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (error) {
    if (error.code === 'ENOENT') throw new Error('wrk is not installed: apt-get install -y wrk');
  }
}

const toMs = (value, unit) => Number(value) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit] ?? NaN);

/** `{ url, headers?, connections = 50, threads = 1, durationSec = 10 }` → `{ rps, p50, p99, errors, non2xx, requests }`. */
export function wrk({ url, headers = {}, connections = 50, threads = 1, durationSec = 10 }) {
  const args = ['--latency', '-t', String(threads), '-c', String(connections), '-d', `${durationSec}s`];
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
