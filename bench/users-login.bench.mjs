// Does a burst of logins freeze the users service? Starts it as its own process against a scratch
// database, registers one user, then measures GET /health latency idle and while 20 clients log
// in continuously. bcrypt runs in worker threads, so the ratio of the p99s should stay below 3.
// Env: BENCH_SAMPLES (default 400), BENCH_CLIENTS (20), BCRYPT_COST (12).
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import amqp from 'amqplib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 400);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);
const COST = process.env.BCRYPT_COST ?? '12';
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const dbName = `bench_users_${randomBytes(4).toString('hex')}`;
const prefix = `bench.users.${randomBytes(3).toString('hex')}.`;

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });

const dbUrl = (() => {
  const u = new URL(serverUrl);
  u.pathname = '/' + dbName;
  return u.toString();
})();

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'apps/users/src/main.ts')], {
  cwd: path.join(root, 'apps/users'),
  env: {
    ...process.env,
    USERS_DATABASE_URL: dbUrl,
    AMQP_PREFIX: prefix,
    PORT: String(port),
    HOST: '127.0.0.1',
    JWKS_URL: `${base}/.well-known/jwks.json`,
    JWT_PRIVATE_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }),
    LOG_LEVEL: 'error',
    BCRYPT_COST: COST,
    SEED_DEMO: 'false',
    NODE_ENV: 'development',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});

async function cleanup() {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
  try {
    const conn = await amqp.connect(amqpUrl);
    const ch = await conn.createChannel();
    for (const ex of [`${prefix}marquee.events`, `${prefix}marquee.events.unroutable`]) await ch.deleteExchange(ex);
    await ch.deleteQueue(`${prefix}marquee.events.unroutable`).catch(() => {});
    await conn.close();
  } catch {
    // nothing declared
  }
}

function p(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function pollHealth(n) {
  const times = [];
  for (let i = 0; i < n; i += 1) {
    const started = performance.now();
    const res = await fetch(`${base}/health`);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`/health answered ${res.status}`);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

try {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/ready`)).ok) break;
    } catch {
      // not yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the users service did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
  const credentials = { email: 'bench@example.com', password: 'bench-password-1' };
  const reg = await fetch(`${base}/api/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
  if (reg.status !== 201) throw new Error(`register answered ${reg.status}`);

  await pollHealth(50); // warm-up
  const idle = await pollHealth(SAMPLES);

  let running = true;
  let logins = 0;
  let failures = 0;
  const clients = Array.from({ length: CLIENTS }, async (_, i) => {
    while (running) {
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        // each client its own address, so the IP guard never interferes
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.99.0.${i + 1}` },
        body: JSON.stringify(credentials),
      });
      await res.arrayBuffer();
      if (res.status === 200) logins += 1;
      else failures += 1;
    }
  });
  await new Promise((r) => setTimeout(r, 500)); // let the login load build up
  const started = performance.now();
  const loaded = await pollHealth(SAMPLES);
  const seconds = (performance.now() - started) / 1000;
  running = false;
  await Promise.all(clients);

  const idleP99 = p(idle, 0.99);
  const loadedP99 = p(loaded, 0.99);
  const ratio = loadedP99 / idleP99;
  console.log(`bcrypt cost ${COST}, ${CLIENTS} login clients, ${SAMPLES} /health samples per phase`);
  console.log(`/health idle      p50 ${p(idle, 0.5).toFixed(2)} ms  p99 ${idleP99.toFixed(2)} ms`);
  console.log(`/health under load p50 ${p(loaded, 0.5).toFixed(2)} ms  p99 ${loadedP99.toFixed(2)} ms  (${logins} logins, ${(logins / seconds).toFixed(1)}/s, ${failures} failed)`);
  console.log(`ratio p99 loaded / idle: ${ratio.toFixed(2)} (target < 3) ${ratio < 3 ? 'OK' : 'OVER TARGET'}`);
  await cleanup();
  process.exit(ratio < 3 && failures === 0 ? 0 : 1);
} catch (error) {
  console.error(error);
  await cleanup();
  process.exit(1);
}
