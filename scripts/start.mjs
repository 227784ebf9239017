#!/usr/bin/env node
// `npm start`: every app in apps/ as its own process, against the local PostgreSQL, Redis and
// RabbitMQ. Waits for each /ready, prints where everything is, stops it all on Ctrl-C.
// Logs go to var/log/<process>.log (MARQUEE_LOGS=stdout streams them here instead).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { checkInfrastructure, discoverApps, renderServicePorts, root, servicePortsFile } from './lib.mjs';

const READY_TIMEOUT_MS = Number(process.env.MARQUEE_READY_TIMEOUT_MS ?? 180_000);
const MAX_RESTARTS = 3;
const streamLogs = process.env.MARQUEE_LOGS === 'stdout';
const logDir = path.join(root, 'var', 'log');

function envName(name) {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

function portOf(proc) {
  if (proc.port === undefined) return undefined;
  return Number(process.env[`${envName(proc.name)}_PORT`] || proc.port);
}

async function main() {
  if (Number(process.versions.node.split('.')[0]) < 24) {
    console.warn(`warning: running on Node ${process.version}; Marquee targets Node 24 (npm scripts use the node@24 devDependency)`);
  }
  const infra = await checkInfrastructure();
  const down = infra.filter((item) => !item.up);
  for (const item of infra) console.log(`${item.up ? 'ok  ' : 'DOWN'} ${item.name.padEnd(10)} ${item.host}:${item.port}`);
  if (down.length > 0) {
    console.error('\nStart what is down, then run npm start again:');
    for (const item of down) console.error(`  ${item.name}: ${item.hint}   (or set ${item.env})`);
    process.exit(1);
  }

  const procs = discoverApps();
  if (procs.length === 0) {
    console.log('\nNo apps in apps/ yet: the infrastructure is up and there is nothing else to start.');
    return;
  }

  // The processes started here get every URL from us; the table matters to anything run on its own.
  if (fs.existsSync(servicePortsFile) && fs.readFileSync(servicePortsFile, 'utf8') !== renderServicePorts(procs)) {
    console.warn(`\nwarning: ${path.relative(root, servicePortsFile)} does not match apps/*/package.json: run \`node scripts/service-ports.mjs\``);
  }

  fs.mkdirSync(logDir, { recursive: true });
  const children = new Map();
  let stopping = false;

  // Service URLs every process may need (the gateway's upstreams, the JWKS of the users service).
  const urls = {};
  for (const proc of procs) {
    const port = portOf(proc);
    if (port !== undefined) urls[`${envName(proc.name)}_URL`] = `http://127.0.0.1:${port}`;
  }

  const mailOutbox = process.env.MAIL_OUTBOX_DIR ?? path.join(root, 'var', 'mail-outbox');

  function launch(proc) {
    const port = portOf(proc);
    const env = {
      ...urls,
      // Without a users app the base config's default JWKS_URL applies.
      ...(urls.USERS_URL ? { JWKS_URL: `${urls.USERS_URL}/.well-known/jwks.json` } : {}),
      SEED_DEMO: 'true',
      // Without SMTP_URL, notifications writes each e-mail as an .eml file here.
      MAIL_OUTBOX_DIR: mailOutbox,
      // Loopback only: on a laptop nothing but this machine should reach the services' own ports
      // (they believe X-Forwarded-For from loopback, the gateway's address). HOST=0.0.0.0 opens them.
      HOST: '127.0.0.1',
      ...process.env,
      ...(port !== undefined ? { PORT: String(port) } : {}),
    };
    const out = streamLogs ? 'inherit' : fs.openSync(path.join(logDir, `${proc.name}.log`), 'a');
    const child = spawn(process.execPath, ['--import', 'tsx', proc.entry], {
      cwd: proc.dir,
      env,
      stdio: ['ignore', out, out],
    });
    const state = children.get(proc.name) ?? { proc, restarts: 0, status: 'starting' };
    state.child = child;
    state.status = 'starting';
    children.set(proc.name, state);
    child.on('exit', (code, signal) => {
      if (stopping) return;
      state.status = 'crashed';
      console.error(`\n${proc.name} exited (${signal ?? `code ${code}`}); see var/log/${proc.name}.log`);
      if (state.restarts < MAX_RESTARTS) {
        state.restarts += 1;
        const delay = 1000 * 2 ** state.restarts;
        console.error(`restarting ${proc.name} in ${delay / 1000} s (attempt ${state.restarts} of ${MAX_RESTARTS})`);
        setTimeout(() => !stopping && launch(proc) && waitReady(state).then(() => console.log(`${proc.name} is ready again`)), delay);
      } else {
        console.error(`${proc.name} crashed ${MAX_RESTARTS + 1} times; leaving it down. The rest keeps running.`);
      }
    });
    return state;
  }

  const readyStatus = (port) =>
    new Promise((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/ready', timeout: 2000 }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
    });

  async function waitReady(state) {
    const port = portOf(state.proc);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline && state.status !== 'crashed') {
      if (port === undefined) {
        // A worker without HTTP: alive after a short grace period counts as up.
        await new Promise((r) => setTimeout(r, 1500));
        if (state.child.exitCode === null) return (state.status = 'running');
        continue;
      }
      try {
        // Not fetch: it refuses some ports outright ("bad port": payments' 6000 among them).
        if ((await readyStatus(port)) === 200) return (state.status = 'ready');
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    if (state.status !== 'crashed') state.status = 'not ready';
    return state.status;
  }

  async function stopAll(signal) {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping ${children.size} processes…`);
    const exits = [...children.values()]
      .filter((s) => s.child.exitCode === null && s.child.signalCode === null)
      .map(
        (s) =>
          new Promise((resolve) => {
            const timer = setTimeout(() => s.child.kill('SIGKILL'), 15_000);
            s.child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            s.child.kill('SIGTERM');
          }),
      );
    await Promise.all(exits);
    console.log('stopped.');
    process.exit(0);
  }
  process.on('SIGINT', () => stopAll('SIGINT'));
  process.on('SIGTERM', () => stopAll('SIGTERM'));

  console.log(`\nstarting ${procs.length} processes (logs in var/log/)…`);
  const states = procs.map(launch);
  await Promise.all(states.map(waitReady));

  const rows = states.map((s) => {
    const port = portOf(s.proc);
    return [s.proc.name, port ?? '-', s.status, port ? `http://127.0.0.1:${port}` : '(worker)', port ? `http://127.0.0.1:${port}/openapi.json` : ''];
  });
  const header = ['service', 'port', 'status', 'url', 'openapi'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log('\n' + line(header) + '\n' + widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  if (urls.GATEWAY_URL) console.log(`\nAPI: ${urls.GATEWAY_URL}/api   docs: ${urls.GATEWAY_URL}/api/docs`);
  const bad = states.filter((s) => s.status !== 'ready' && s.status !== 'running');
  if (bad.length) console.error(`\nnot ready: ${bad.map((s) => s.proc.name).join(', ')} (see var/log/)`);
  if (procs.some((p) => p.name === 'notifications')) {
    const where = process.env.SMTP_URL ? `sent to ${process.env.SMTP_URL.replace(/\/\/[^@/]*@/, '//')}` : `written as .eml files to ${path.relative(root, mailOutbox)}/`;
    console.log(`e-mails: ${where}`);
  }
  console.log('\nnpm run demo walks through a purchase, step by step. Ctrl-C stops everything.');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
