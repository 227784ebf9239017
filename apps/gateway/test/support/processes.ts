// Real processes for end-to-end tests: the gateway, services and stand-ins each run as their own
// `node --import tsx <entry>`, are awaited on an HTTP probe, and can be stopped, killed, paused
// (SIGSTOP) and resumed, so tests can make an upstream die or hang for real.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export const REPO_ROOT = path.resolve(__dirname, '../../../..');

export class NodeProcess {
  private child?: ChildProcess;
  output = '';

  constructor(
    readonly name: string,
    /** Entry file, relative to the repository root. */
    readonly entry: string,
    public env: Record<string, string>,
    /** URL polled until it answers 200 (or `null`: wait for the first line of output). */
    readonly probeUrl: string | null,
    /** Extra `node` flags, e.g. `--inspect=127.0.0.1:0` for `Inspector`. */
    readonly nodeFlags: string[] = [],
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(timeoutMs = 30_000): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, [...this.nodeFlags, '--import', 'tsx', this.entry], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => void (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => void (this.output += chunk.toString()));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}:\n${this.output}`);
      if (this.probeUrl === null) {
        if (this.output.length > 0) return;
      } else {
        try {
          const res = await fetch(this.probeUrl, { signal: AbortSignal.timeout(1000) });
          await res.body?.cancel();
          if (res.ok) return;
        } catch {
          // not up yet
        }
      }
      await delay(100);
    }
    throw new Error(`${this.name} did not come up within ${timeoutMs} ms:\n${this.output}`);
  }

  /** SIGTERM, and wait for the exit. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** SIGKILL: the process dies at once, as in a crash. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGCONT');
    child.kill(signal);
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }
}
