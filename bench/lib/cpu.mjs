// CPU time spent by processes, from /proc (Linux), for "CPU per request" figures.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU time (µs, user + system, all threads) spent so far by a process; 0 once it is gone. */
export const cpuOf = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ').slice(13, 15).reduce((a, b) => a + Number(b), 0) * 10_000;
  } catch {
    return 0;
  }
};

/** Pids whose command line matches `pattern` (pgrep -f). */
export const pidsOf = (pattern) => execSync(`pgrep -f '${pattern}' || true`).toString().trim().split('\n').filter(Boolean).map(Number);

/** CPU time (µs, user + nice + system) the whole machine has spent so far. */
export const machineCpu = () => readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1, 4).reduce((a, b) => a + Number(b), 0) * 10_000;

/**
 * Snapshots the CPU of named groups of processes: `const done = cpuMeter({ gateway: () => [pid] })`,
 * then `done()` answers the µs each group spent since, plus `machine`.
 */
export function cpuMeter(groups) {
  const read = () => ({
    ...Object.fromEntries(Object.entries(groups).map(([name, pids]) => [name, pids().reduce((a, p) => a + cpuOf(p), 0)])),
    machine: machineCpu(),
  });
  const before = read();
  return () => {
    const after = read();
    return Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));
  };
}
