import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from '@marquee/testing';
import { REPO_ROOT } from './processes';

/**
 * Renders the repository's `nginx/nginx.conf` for a local run: its upstream servers become
 * `servers` (host:port), it listens on a free port of 127.0.0.1, and its pid and temp files go to a
 * folder of its own. Everything else (timeouts, buffering, headers) is the real file.
 */
export function renderNginxConf(servers: string[], port: number, dir: string): string {
  const source = readFileSync(path.join(REPO_ROOT, 'nginx/nginx.conf'), 'utf8');
  const rendered = source
    .replace(/^\s*server gateway:8080[^;]*;/m, servers.map((s) => `    server ${s} max_fails=3 fail_timeout=10s;`).join('\n'))
    .replace(/listen 80;/, `listen 127.0.0.1:${port};`)
    .replace(/worker_processes auto;/, 'worker_processes 1;')
    .replace(/\/tmp\/marquee-nginx\.pid/, path.join(dir, 'nginx.pid'))
    .replace(/\/tmp\/nginx-/g, path.join(dir, 'nginx-'));
  if (rendered.includes('gateway:8080') || !rendered.includes(`listen 127.0.0.1:${port}`)) throw new Error('nginx.conf no longer has the lines this test renders');
  return rendered;
}

export class Nginx {
  url = '';
  private child?: ChildProcess;
  private dir = '';
  output = '';

  async start(servers: string[]): Promise<string> {
    this.dir = mkdtempSync(path.join(tmpdir(), 'marquee-nginx-'));
    const port = await freePort();
    const conf = path.join(this.dir, 'nginx.conf');
    writeFileSync(conf, renderNginxConf(servers, port, this.dir));
    this.child = spawn('nginx', ['-p', this.dir, '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stderr?.on('data', (chunk: Buffer) => void (this.output += chunk.toString()));
    this.url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      if (this.child.exitCode !== null) throw new Error(`nginx exited: ${this.output}`);
      try {
        await fetch(`${this.url}/health`);
        return this.url;
      } catch {
        await delay(50);
      }
    }
    throw new Error(`nginx did not start: ${this.output}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGQUIT');
      await exited;
    }
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
