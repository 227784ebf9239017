// A premiere-night rush: BENCH_CLIENTS buyers through the gateway race for the seats of one
// 300-seat showtime, each reserving one random seat at a time and paying for it, until every seat
// is sold. Every process is real (users, movies, showtimes, tickets, payments, gateway, RabbitMQ).
// Prints seats sold per second, purchase (reserve + pay) p50/p99, double bookings (must be 0) and
// reserve-to-confirmed p50/p99 through RabbitMQ; then, in the same run, PostgreSQL's own ceiling
// for the same client count (pgbench: one single-row insert under a unique index per transaction)
// and sold seats per second ÷ that ceiling.
// Env: BENCH_CLIENTS (default 50), BENCH_PGBENCH_SEC (10), BENCH_CPU_PROF (a folder: every process
// writes a V8 CPU profile there when it stops; open them in Chrome DevTools or speedscope).
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { cpuMeter, pidsOf } from './lib/cpu.mjs';
import { PlatformStack } from '../apps/gateway/test/support/platform-stack.ts';
import { registerUser } from '../apps/gateway/test/support/users-process.ts';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const PGBENCH_SEC = Number(process.env.BENCH_PGBENCH_SEC ?? 10);
const ROWS = 'ABCDEFGHIJKLMNO'.split('');
const SEATS_PER_ROW = 20;
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const admin = { email: 'bench-admin@example.com', password: 'bench-admin-123' };
const SERVICES = ['users', 'movies', 'showtimes', 'tickets', 'payments'];
const processEnv = {
  LOG_LEVEL: 'error',
  ...(process.env.BENCH_CPU_PROF ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}` } : {}),
};
const stack = new PlatformStack({
  services: SERVICES,
  admin,
  env: Object.fromEntries([...SERVICES, 'gateway'].map((name) => [name, processEnv])),
});

const pct = (values, p) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (v) => `${v.toFixed(0)} ms`;
const sleep = (t) => new Promise((r) => setTimeout(r, t));

async function rush(showtimeId, buyers) {
  const seats = ROWS.flatMap((row) => Array.from({ length: SEATS_PER_ROW }, (_, i) => `${row}${i + 1}`));
  const sold = new Set();
  const purchase = [];
  const conflicts = { taken: 0 };
  const started = performance.now();
  await Promise.all(
    buyers.map(async (buyer) => {
      while (sold.size < seats.length) {
        const free = seats.filter((s) => !sold.has(s));
        if (free.length === 0) break;
        const seat = free[Math.floor(Math.random() * free.length)];
        const t0 = performance.now();
        const reserved = await stack.call('POST', '/api/tickets', { token: buyer.access_token, body: { showtime_id: showtimeId, seats: [seat] } });
        if (reserved.status === 409) {
          conflicts.taken += 1;
          // Someone else holds it: the next free seat this client knows of.
          if (reserved.body?.code === 'SEAT_TAKEN') sold.add(seat);
          continue;
        }
        if (reserved.status !== 201) throw new Error(`reserve: ${reserved.status} ${JSON.stringify(reserved.body)}`);
        const paid = await stack.call('POST', '/api/payments', {
          token: buyer.access_token,
          body: { ticket_id: reserved.body.id, payment_method: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2035, cvc: '123' } },
        });
        if (paid.status !== 201 || paid.body.status !== 'succeeded') throw new Error(`pay: ${paid.status} ${JSON.stringify(paid.body)}`);
        const t1 = performance.now();
        purchase.push(t1 - t0);
        sold.add(seat);
      }
    }),
  );
  const soldAt = performance.now();
  return { seconds: (soldAt - started) / 1000, purchase, conflicts, seats: seats.length };
}

/** Runs a pgbench script for PGBENCH_SEC with CLIENTS clients; answers transactions per second. */
function pgbench(url, sql, defines = {}) {
  const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pgbench-')), 'bench.sql');
  fs.writeFileSync(script, sql);
  const vars = Object.entries(defines).flatMap(([k, v]) => ['-D', `${k}=${v}`]);
  const result = spawnSync('pgbench', ['-n', '-c', String(CLIENTS), '-j', '2', '-T', String(PGBENCH_SEC), ...vars, '-f', script, url.toString()], { encoding: 'utf8' });
  const tps = /tps = ([\d.]+)/.exec(result.stdout ?? '');
  if (!tps) throw new Error(`pgbench: ${result.stderr || result.stdout}`);
  return Number(tps[1]);
}

/** PostgreSQL's ceiling: one single-row insert under a unique index per transaction. */
function pgbenchCeiling() {
  const db = `bench_ceiling_${randomBytes(3).toString('hex')}`;
  const admin = new URL(serverUrl);
  const run = (args) => spawnSync('psql', [admin.toString(), '-v', 'ON_ERROR_STOP=1', '-q', ...args], { encoding: 'utf8' });
  run(['-c', `CREATE DATABASE ${db}`]);
  const url = new URL(serverUrl);
  url.pathname = `/${db}`;
  spawnSync('psql', [url.toString(), '-q', '-c', 'CREATE TABLE seats (id bigserial PRIMARY KEY, showtime int NOT NULL, seat text NOT NULL); CREATE UNIQUE INDEX seats_key ON seats (showtime, seat)'], { encoding: 'utf8' });
  try {
    // A fresh (showtime, seat) per transaction: the unique index is checked, never violated.
    return pgbench(url, "\\set s random(1, 1000000000)\nINSERT INTO seats (showtime, seat) VALUES (:s, 'A' || :client_id) ON CONFLICT DO NOTHING;\n");
  } finally {
    run(['-c', `DROP DATABASE ${db}`]);
  }
}

/**
 * The reservation transaction alone, statement for statement as tickets runs it (the showtime
 * FOR SHARE, the ticket, its seat under the partial unique index, the outbox row, then the NOTIFY),
 * in the tickets database, on a showtime of its own: what PostgreSQL could do if the services and
 * the gateway cost nothing. Its outbox rows are marked sent and notify another channel, so the
 * relay leaves them alone.
 */
function pgbenchReservation(ticketsUrl, showtimeId) {
  const payload = JSON.stringify({ bench: 'x'.repeat(700) });
  const sql = [
    '\\set n random(1, 9000000000000)',
    'BEGIN;',
    'SELECT showtime_id, price, currency, seat_rows, seats_per_row, status, start_time FROM showtimes WHERE showtime_id = :st FOR SHARE;',
    "INSERT INTO tickets (id, user_id, showtime_id, seats, amount, currency, status, expires_at) VALUES (md5(:n || '-' || :client_id)::uuid, md5(:client_id || 'u')::uuid, :st, ARRAY['Z' || :n], 15, 'USD', 'reserved', now() + interval '10 minutes') RETURNING *;",
    "INSERT INTO ticket_seats (ticket_id, showtime_id, seat) SELECT md5(:n || '-' || :client_id)::uuid, :st, s FROM unnest(ARRAY['Z' || :n]) AS s ON CONFLICT (showtime_id, seat) WHERE active DO NOTHING RETURNING seat;",
    `INSERT INTO outbox (id, routing_key, payload, sent_at) VALUES (md5(:n || 'e' || :client_id)::uuid, 'bench.reserved', '${payload}'::jsonb, now());`,
    'COMMIT;',
    // The kit's NOTIFY, sent after the commit (at most one per turn of a service's event loop).
    "SELECT pg_notify('bench_outbox', '');",
    '',
  ].join('\n');
  return pgbench(ticketsUrl, sql, { st: `'${showtimeId}'::uuid` });
}

try {
  await stack.start();
  const login = await stack.call('POST', '/api/auth/login', { body: admin });
  const adminToken = login.body.access_token;
  const movie = await stack.call('POST', '/api/movies', { token: adminToken, body: { title: 'Premiere Night', year: 2026, synopsis: 'The rush.', runtime: 120, genres: ['Drama'] } });
  const theater = await stack.call('POST', '/api/theaters', { token: adminToken, body: { name: 'Grand Hall', rows: ROWS, seats_per_row: SEATS_PER_ROW } });
  const showtime = await stack.call('POST', '/api/showtimes', {
    token: adminToken,
    body: { movie_id: movie.body.id, theater_id: theater.body.id, start_time: new Date(Date.now() + 7 * 86400_000).toISOString(), price: 15 },
  });
  if (showtime.status !== 201) throw new Error(`showtime: ${showtime.status} ${JSON.stringify(showtime.body)}`);
  const buyers = [];
  for (let i = 0; i < CLIENTS; i += 1) buyers.push(await registerUser(stack.gatewayUrl, `10.99.${Math.floor(i / 250)}.${(i % 250) + 1}`));
  // Let tickets learn the showtime from its event before the rush (the first buyers would otherwise ask showtimes).
  await sleep(1000);

  const pidOf = (name) => () => [name === 'gateway' ? stack.gateway.pid : stack.processes.get(name).pid].filter(Boolean);
  const meter = cpuMeter({
    ...Object.fromEntries([...SERVICES, 'gateway'].map((name) => [name, pidOf(name)])),
    bench: () => [process.pid],
    postgres: () => pidsOf('postgres'),
    rabbitmq: () => pidsOf('beam.smp'),
    redis: () => pidsOf('redis-server'),
  });
  const result = await rush(showtime.body.id, buyers);
  const cpu = meter();

  const ticketsDb = new URL(stack.processes.get('tickets').env.TICKETS_DATABASE_URL);
  const client = new pg.Client({ connectionString: ticketsDb.toString() });
  await client.connect();
  // Reserve → confirmed as the tickets database saw it (created at the hold, updated at the
  // confirmation), once every confirmation has arrived: no polling load on the system measured.
  const deadline = Date.now() + 60_000;
  let confirmLatency = [];
  while (Date.now() < deadline) {
    const { rows: tickets } = await client.query(
      `SELECT status, extract(epoch FROM updated_at - created_at) * 1000 AS ms FROM tickets WHERE showtime_id = $1`,
      [showtime.body.id],
    );
    confirmLatency = tickets.filter((t) => t.status === 'confirmed').map((t) => Number(t.ms));
    if (confirmLatency.length >= result.purchase.length) break;
    await sleep(200);
  }
  const { rows } = await client.query(
    `SELECT count(*)::int AS doubles FROM (SELECT seat FROM ticket_seats WHERE showtime_id = $1 AND active GROUP BY seat HAVING count(*) > 1) d`,
    [showtime.body.id],
  ).catch(async () => ({ rows: [{ doubles: 'n/a (ticket_seats/active not found)' }] }));

  const soldPerSec = result.purchase.length / result.seconds;
  console.log(`${CLIENTS} buyers, one ${result.seats}-seat showtime, one seat per purchase, all through the gateway`);
  console.log(`seats sold ${result.purchase.length} in ${result.seconds.toFixed(1)} s: ${soldPerSec.toFixed(1)} seats/s; SEAT_TAKEN answers ${result.conflicts.taken}`);
  console.log(`purchase (reserve + pay) p50 ${ms(pct(result.purchase, 50))}  p99 ${ms(pct(result.purchase, 99))}`);
  console.log(`reserve → confirmed (through RabbitMQ, payment included) p50 ${ms(pct(confirmLatency, 50))}  p99 ${ms(pct(confirmLatency, 99))}  (${confirmLatency.length} confirmed)`);
  console.log(`double bookings: ${rows[0].doubles}`);
  const perSeat = (us) => `${(us / 1000 / result.purchase.length).toFixed(1)} ms`;
  console.log(`CPU per seat sold during the rush (PostgreSQL, RabbitMQ and Redis serve the whole machine): ${Object.entries(cpu).filter(([k]) => k !== 'machine').map(([k, us]) => `${k} ${perSeat(us)}`).join(', ')}; machine ${perSeat(cpu.machine)} of ${(cpu.machine / 1e6 / result.seconds).toFixed(2)} cores busy`);
  const ceiling = pgbenchCeiling();
  console.log(`PostgreSQL ceiling (pgbench, ${CLIENTS} clients, one insert under a unique index per transaction): ${ceiling.toFixed(0)} tps`);
  console.log(`sold seats per second ÷ ceiling: ${(soldPerSec / ceiling).toFixed(3)}`);
  const benchShowtime = randomUUID();
  await client.query(
    `INSERT INTO showtimes (showtime_id, movie_id, movie_title, theater_id, theater_name, start_time, price, currency, seat_rows, seats_per_row, status, fact_time)
     SELECT $2, movie_id, movie_title, theater_id, theater_name, start_time, price, currency, seat_rows, seats_per_row, status, fact_time FROM showtimes WHERE showtime_id = $1`,
    [showtime.body.id, benchShowtime],
  );
  const reservationTps = pgbenchReservation(ticketsDb, benchShowtime);
  console.log(`PostgreSQL alone running tickets' reservation transaction (${CLIENTS} clients): ${reservationTps.toFixed(0)} tps; sold seats per second ÷ that: ${(soldPerSec / reservationTps).toFixed(3)}`);
  await client.end();
  if (rows[0].doubles !== 0) process.exitCode = 1;
} finally {
  await stack.stop();
}
