// Does a flood of wrong passwords stall everybody's sign-in? Starts the users service as its own
// process against a scratch database, registers a real user, then measures that user's sign-in
// (sequential, from its own address) idle and during three floods of BENCH_FLOOD concurrent
// clients sending wrong passwords as fast as they are answered:
//   one address      — every guess from one address at one account: the address block stops it;
//   rotating / one   — a fresh address per guess at one account: the per-account throttle stops it;
//   rotating / many  — a fresh address and a fresh unknown account per guess (credential stuffing):
//                      no limit applies, only the bounded password queue (503 + Retry-After).
// The real user is measured twice: on a known device (it keeps the `marquee_device` cookie of its
// last sign-in, as a browser does: checked ahead of a flood) and on a new device (no cookie).
// For each it prints the real sign-in's p50/p99 (time to an answer) and its share of 503s, the
// p99 ÷ idle, /health's p99, and what the flood got. All four phases in one run, side by side.
// Env: BENCH_LOGINS (real sign-ins per phase, default 30), BENCH_FLOOD (40), BCRYPT_COST (12),
// BCRYPT_WORKERS (2), BCRYPT_QUEUE_MAX (the service's default); BENCH_DEBUG=1 prints each real
// sign-in of a flood phase as start-ms:status:ms. Exits 1 when a real sign-in gets anything but
// 200 or 503 (a 503 during credential stuffing is the bound at work, and is reported).
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import amqp from 'amqplib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOGINS = Number(process.env.BENCH_LOGINS ?? 30);
const FLOOD = Number(process.env.BENCH_FLOOD ?? 40);
const COST = process.env.BCRYPT_COST ?? '12';
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const dbName = `bench_users_${randomBytes(4).toString('hex')}`;
const prefix = `bench.users.${randomBytes(3).toString('hex')}.`;
/** How long one flood may run at most, whatever happens. */
const PHASE_LIMIT_MS = 120_000;

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
const serviceEnv = {
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
  // The bench sends X-Forwarded-For from loopback to play many clients: loopback is the proxy.
  TRUSTED_PROXIES: 'loopback',
};
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'apps/users/src/main.ts')], {
  cwd: path.join(root, 'apps/users'),
  env: serviceEnv,
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

const quantile = (sorted, q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

let addressCounter = 0;
/** A fresh client address in 10.128.0.0/9, told to the service by X-Forwarded-For. */
const freshAddress = () => {
  addressCounter += 1;
  return `10.${128 + ((addressCounter >> 16) & 127)}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
};

async function login(email, password, address, device) {
  const started = performance.now();
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...(device?.cookie ? { cookie: device.cookie } : {}) },
    body: JSON.stringify({ email, password }),
  });
  await res.arrayBuffer();
  // A browser keeps the device cookie it is given.
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('marquee_device='));
  if (device && cookie) device.cookie = cookie.split(';')[0];
  return { status: res.status, ms: performance.now() - started };
}

async function health() {
  const started = performance.now();
  const res = await fetch(`${base}/health`);
  await res.arrayBuffer();
  return performance.now() - started;
}

/**
 * The real user signs in LOGINS times in a row, /health is polled beside it. `user.device` set:
 * it keeps and sends its device cookie; unset: every sign-in is from a new device.
 */
async function measureRealUser(user) {
  const times = [];
  const statuses = {};
  const healthTimes = [];
  let done = false;
  const poller = (async () => {
    while (!done) {
      healthTimes.push(await health());
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const timeline = [];
  const t0 = performance.now();
  for (let i = 0; i < LOGINS; i += 1) {
    const { status, ms } = await login(user.email, user.password, '10.1.0.1', user.device);
    statuses[status] = (statuses[status] ?? 0) + 1;
    times.push(ms);
    timeline.push([performance.now() - t0, status, ms]);
  }
  done = true;
  await poller;
  return { times: times.sort((a, b) => a - b), statuses, health: healthTimes.sort((a, b) => a - b), timeline };
}

/** FLOOD clients send wrong passwords until told to stop; `guess(i)` gives the e-mail and address of each. */
function startFlood(guess) {
  let running = true;
  const answers = {};
  let sent = 0;
  const deadline = Date.now() + PHASE_LIMIT_MS;
  const clients = Array.from({ length: FLOOD }, async (_, client) => {
    while (running && Date.now() < deadline) {
      const { email, address } = guess(client);
      const { status } = await login(email, 'wrong-password-1', address);
      sent += 1;
      answers[status] = (answers[status] ?? 0) + 1;
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(clients);
      return { sent, answers };
    },
  };
}

async function register(email, password) {
  const res = await fetch(`${base}/api/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': freshAddress() }, body: JSON.stringify({ email, password }) });
  if (res.status !== 201) throw new Error(`register answered ${res.status}`);
}

const show = (counts) =>
  Object.entries(counts)
    .map(([status, n]) => `${status}×${n}`)
    .join(' ');

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
  const user = { email: 'bench@example.com', password: 'bench-password-1', device: {} };
  const newDevice = { email: 'bench-new@example.com', password: 'bench-password-1' };
  await register(user.email, user.password);
  await register(newDevice.email, newDevice.password);
  await register('target-one@example.com', 'target-password-1');
  await register('target-two@example.com', 'target-password-1');

  await measureRealUser(user).catch(() => undefined); // warm-up (JIT, pools), and the device cookie
  const idle = await measureRealUser(user);
  const idleNew = await measureRealUser(newDevice);

  const floods = [
    { name: 'one address', guess: () => ({ email: 'target-one@example.com', address: '10.2.0.1' }) },
    { name: 'rotating / one', guess: () => ({ email: 'target-two@example.com', address: freshAddress() }) },
    { name: 'rotating / many', guess: () => ({ email: `nobody-${randomBytes(6).toString('hex')}@example.com`, address: freshAddress() }) },
  ];
  const rows = [];
  for (const flood of floods) {
    const running = startFlood(flood.guess);
    await new Promise((r) => setTimeout(r, 1000)); // let the flood build up
    const started = performance.now();
    const measured = await measureRealUser(user);
    const measuredNew = await measureRealUser(newDevice);
    const seconds = (performance.now() - started) / 1000;
    const got = await running.stop();
    rows.push({ ...flood, measured, measuredNew, seconds, got });
    if (process.env.BENCH_DEBUG) console.log(flood.name, measured.timeline.map(([t, s, ms]) => `${fmt(t)}:${s}:${fmt(ms)}`).join(' '));
  }

  const idleP99 = quantile(idle.times, 0.99);
  const healthIdleP99 = quantile(idle.health, 0.99);
  const queueMax = process.env.BCRYPT_QUEUE_MAX ?? '(default)';
  console.log(`bcrypt cost ${COST}, ${process.env.BCRYPT_WORKERS ?? 2} workers, queue ${queueMax}; ${LOGINS} real sign-ins per phase, floods of ${FLOOD} clients`);
  console.log('phase / real user               sign-in p50    p99   p99÷idle  503s   /health p99  flood answers (per s)');
  const line = (name, m, ratio, flood) => {
    const unavailable = ((m.statuses[503] ?? 0) / LOGINS) * 100;
    console.log(
      `${name.padEnd(30)} ${fmt(quantile(m.times, 0.5)).padStart(8)} ms ${fmt(quantile(m.times, 0.99)).padStart(6)} ms ${ratio.padStart(8)} ${fmt(unavailable).padStart(4)}%  ${fmt(quantile(m.health, 0.99), 1).padStart(8)} ms  ${flood}`,
    );
  };
  line('idle / known device', idle, '1.00', '');
  line('idle / new device', idleNew, fmt(quantile(idleNew.times, 0.99) / idleP99, 2), '');
  let worst = 0;
  for (const row of rows) {
    const ratio = quantile(row.measured.times, 0.99) / idleP99;
    worst = Math.max(worst, ratio);
    line(`${row.name} / known device`, row.measured, fmt(ratio, 2), `${show(row.got.answers)} (${fmt(row.got.sent / row.seconds)}/s)`);
    line(`${row.name} / new device`, row.measuredNew, fmt(quantile(row.measuredNew.times, 0.99) / idleP99, 2), '');
  }
  const failedLogins = [idle, idleNew, ...rows.flatMap((r) => [r.measured, r.measuredNew])].flatMap((m) => Object.entries(m.statuses)).filter(([s]) => s !== '200' && s !== '503');
  console.log(`/health idle p99 ${fmt(healthIdleP99, 1)} ms. Real sign-ins answered other than 200/503: ${failedLogins.length ? show(Object.fromEntries(failedLogins)) : 'none'}`);
  console.log(`worst known-device sign-in p99 during a flood ÷ idle: ${fmt(worst, 2)}`);
  await cleanup();
  process.exit(failedLogins.length === 0 ? 0 : 1);
} catch (error) {
  console.error(error);
  await cleanup();
  process.exit(1);
}
