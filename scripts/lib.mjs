// Shared by the start, build and benchmark scripts: where the apps are and how to reach the servers.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Every runnable process of every app: `apps/<name>/package.json` declares
 * `"marquee": { "port": 3000, "processes": { "users": "src/main.ts" } }` (the first process
 * serves HTTP on `port`; others, like the video worker, have no port of their own).
 */
export function discoverApps() {
  const dir = path.join(root, 'apps');
  if (!fs.existsSync(dir)) return [];
  const apps = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const manifest = path.join(dir, name, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    if (!pkg.marquee) continue;
    const processes = Object.entries(pkg.marquee.processes ?? { [name]: 'src/main.ts' });
    processes.forEach(([processName, entry], index) => {
      apps.push({
        app: name,
        name: processName,
        dir: path.join(dir, name),
        entry,
        port: index === 0 ? pkg.marquee.port : undefined,
        order: pkg.marquee.startOrder ?? 50,
      });
    });
  }
  return apps.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
}

export function canConnect(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function hostPort(url, defaultPort) {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || defaultPort) };
}

export const infrastructure = [
  { name: 'PostgreSQL', env: 'DATABASE_URL', url: 'postgres://postgres@127.0.0.1:5432/postgres', port: 5432,
    hint: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start' },
  { name: 'Redis', env: 'REDIS_URL', url: 'redis://127.0.0.1:6379', port: 6379,
    hint: 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no' },
  { name: 'RabbitMQ', env: 'AMQP_URL', url: 'amqp://guest:guest@127.0.0.1:5672', port: 5672, hint: 'rabbitmq-server -detached' },
];

/** Which of PostgreSQL, Redis and RabbitMQ answer, at the URLs from the environment. */
export async function checkInfrastructure(env = process.env) {
  return Promise.all(
    infrastructure.map(async (item) => {
      const url = env[item.env] || item.url;
      const { host, port } = hostPort(url, item.port);
      return { ...item, url, host, port, up: await canConnect(host, port) };
    }),
  );
}
