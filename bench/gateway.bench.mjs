// What does the gateway cost? One cheap authenticated GET (users `GET /api/profile`: token check,
// revoked-session check in Redis, one PostgreSQL row) measured in one run five ways:
//   (a) straight to the users service, (b) through the gateway, (c) nginx → gateway,
//   (d) nginx proxy_pass straight to the service, and for reference (e) the floor of any Node
//   proxy: node:http + undici with nothing else.
// The gateway runs with auth, rate limiting (a limit too high to refuse, so every request still
// pays its Redis call) and its breakers on. Prints req/s, p50/p99, the CPU each process spent per
// request (on a small machine they all share the cores), and the ratios gateway/direct and
// gateway/(nginx→direct) and (nginx→gateway)/(nginx→direct). Target: the gateway keeps ≥ 0.55 of direct throughput.
// Env: BENCH_SECONDS (10), BENCH_CONNECTIONS (50), BENCH_ROUNDS (2: the variants interleaved,
// best round kept per variant).
import { availableParallelism } from 'node:os';
import { freePort } from '@marquee/testing';
import { requireWrk, wrk, fmt } from './lib/wrk.mjs';
import { Nginx } from '../apps/gateway/test/support/nginx.ts';
import { cpuOf, machineCpu, pidsOf } from './lib/cpu.mjs';
import { NodeProcess } from '../apps/gateway/test/support/processes.ts';
import { startGatewayProcess } from '../apps/gateway/test/support/gateway-stack.ts';
import { registerUser, UsersProcess } from '../apps/gateway/test/support/users-process.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
requireWrk();

const users = new UsersProcess();
const viaGateway = new Nginx();
const viaDirect = new Nginx();
let gateway;
let bare;
try {
  await users.start();
  gateway = await startGatewayProcess({ USERS_URL: users.url, JWKS_URL: users.jwksUrl, LOG_LEVEL: 'warn', RATE_LIMIT_DEFAULT: '1000000000' });
  const barePort = await freePort();
  bare = new NodeProcess('bare proxy', 'bench/lib/bare-proxy.mjs', { PORT: String(barePort), TARGET: users.url }, null);
  await bare.start();
  await viaGateway.start([`127.0.0.1:${gateway.port}`]);
  await viaDirect.start([new URL(users.url).host]);
  const account = await registerUser(gateway.url, '192.0.2.10');
  const headers = { Authorization: `Bearer ${account.access_token}` };

  const variants = {
    direct: `${users.url}/api/profile`,
    gateway: `${gateway.url}/api/profile`,
    'nginx→gateway': `${viaGateway.url}/api/profile`,
    'nginx→direct': `${viaDirect.url}/api/profile`,
    'bare proxy': `http://127.0.0.1:${barePort}/api/profile`,
  };
  for (const [name, url] of Object.entries(variants)) {
    const check = await fetch(url, { headers });
    if (check.status !== 200) throw new Error(`${name}: ${check.status} ${await check.text()}`);
    await wrk({ url, headers, connections: CONNECTIONS, durationSec: 2 }); // warm-up
  }
  const processes = {
    // The proxy in front: the gateway, or the bare proxy (only one of them works in a given run).
    proxy: () => cpuOf(gateway.process.pid) + cpuOf(bare.pid),
    users: () => cpuOf(users.process.pid),
    redis: () => pidsOf('redis-server').reduce((a, p) => a + cpuOf(p), 0),
    postgres: () => pidsOf('postgres').reduce((a, p) => a + cpuOf(p), 0),
    machine: machineCpu,
  };
  const sample = () => Object.fromEntries(Object.entries(processes).map(([k, f]) => [k, f()]));

  const best = {};
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, url] of Object.entries(variants)) {
      const before = sample();
      const result = await wrk({ url, headers, connections: CONNECTIONS, durationSec: SECONDS });
      const after = sample();
      result.cpu = Object.fromEntries(Object.keys(before).map((k) => [k, (after[k] - before[k]) / result.requests]));
      if (result.non2xx || result.errors) throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} socket errors: the run is invalid`);
      if (!best[name] || result.rps > best[name].rps) best[name] = result;
    }
  }

  console.log(`\nGET /api/profile, ${CONNECTIONS} connections, ${SECONDS} s per run, best of ${ROUNDS} rounds; ${availableParallelism()} CPUs shared by everything below`);
  console.log('variant          req/s   p50 ms   p99 ms  | CPU µs per request:   proxy  users  redis  postgres  whole machine');
  for (const [name, r] of Object.entries(best)) {
    const c = r.cpu;
    console.log(
      `${name.padEnd(15)} ${fmt(r.rps, 0).padStart(6)} ${fmt(r.p50, 2).padStart(8)} ${fmt(r.p99, 2).padStart(8)}  | ${' '.repeat(19)}${fmt(c.proxy, 0).padStart(7)} ${fmt(c.users, 0).padStart(6)} ${fmt(c.redis, 0).padStart(6)} ${fmt(c.postgres, 0).padStart(9)} ${fmt(c.machine, 0).padStart(14)}`,
    );
  }
  const ratio = best.gateway.rps / best.direct.rps;
  const vsNginx = best.gateway.rps / best['nginx→direct'].rps;
  const edgeRatio = best['nginx→gateway'].rps / best['nginx→direct'].rps;
  const floor = best['bare proxy'].rps / best.direct.rps;
  console.log(`\nthroughput gateway / direct:             ${fmt(ratio, 2)}  (target ≥ 0.55; Kong/Express Gateway/KrakenD keep 0.23–0.51)`);
  console.log(`throughput gateway / nginx→direct:       ${fmt(vsNginx, 2)}  (our proxy hop against nginx's)`);
  console.log(`throughput nginx→gateway / nginx→direct: ${fmt(edgeRatio, 2)}  (the full edge, both behind nginx)`);
  console.log(`throughput bare Node proxy / direct:     ${fmt(floor, 2)}  (the most any Node proxy hop keeps on this machine)`);
} finally {
  await viaGateway.stop();
  await viaDirect.stop();
  await bare?.stop();
  await gateway?.process.stop();
  await users.stop();
}
