// What does the gateway cost? One cheap authenticated GET (users `GET /api/profile`: token check,
// revoked-session check in Redis, one PostgreSQL row) measured in one run four ways:
//   (a) straight to the users service, (b) through the gateway, (c) nginx → gateway,
//   (d) nginx proxy_pass straight to the service.
// The gateway runs with auth, rate limiting (a limit too high to refuse, so every request still
// pays its Redis check) and its breakers on. Prints req/s and p50/p99, and the ratios
// gateway/direct and (nginx→gateway)/(nginx→direct). Target: gateway keeps ≥ 0.55 of direct.
// Env: BENCH_SECONDS (10), BENCH_CONNECTIONS (50), BENCH_ROUNDS (2: the four variants, twice,
// interleaved, best round kept per variant).
import { requireWrk, wrk, fmt } from './lib/wrk.mjs';
import { Nginx } from '../apps/gateway/test/support/nginx.ts';
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
try {
  await users.start();
  gateway = await startGatewayProcess({
    USERS_URL: users.url,
    JWKS_URL: users.jwksUrl,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_DEFAULT: '1000000000',
  });
  await viaGateway.start([`127.0.0.1:${gateway.port}`]);
  await viaDirect.start([new URL(users.url).host]);
  const account = await registerUser(gateway.url, '192.0.2.10');
  const headers = { Authorization: `Bearer ${account.access_token}` };

  const variants = {
    direct: `${users.url}/api/profile`,
    gateway: `${gateway.url}/api/profile`,
    'nginx→gateway': `${viaGateway.url}/api/profile`,
    'nginx→direct': `${viaDirect.url}/api/profile`,
  };
  for (const [name, url] of Object.entries(variants)) {
    const check = await fetch(url, { headers });
    if (check.status !== 200) throw new Error(`${name}: ${check.status} ${await check.text()}`);
    await wrk({ url, headers, connections: CONNECTIONS, durationSec: 2 }); // warm-up
  }

  const best = {};
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, url] of Object.entries(variants)) {
      const result = await wrk({ url, headers, connections: CONNECTIONS, durationSec: SECONDS });
      if (result.non2xx || result.errors) console.log(`  ${name}: ${result.non2xx} non-2xx, ${result.errors} socket errors`);
      if (!best[name] || result.rps > best[name].rps) best[name] = result;
    }
  }

  console.log(`\nGET /api/profile, ${CONNECTIONS} connections, ${SECONDS} s per run, best of ${ROUNDS} rounds`);
  console.log('variant          req/s     p50 ms   p99 ms');
  for (const [name, r] of Object.entries(best)) console.log(`${name.padEnd(15)} ${fmt(r.rps, 0).padStart(7)}  ${fmt(r.p50, 2).padStart(8)} ${fmt(r.p99, 2).padStart(8)}`);
  const ratio = best.gateway.rps / best.direct.rps;
  const edgeRatio = best['nginx→gateway'].rps / best['nginx→direct'].rps;
  console.log(`\nthroughput gateway / direct:             ${fmt(ratio, 2)}  (target ≥ 0.55; Kong/Express Gateway/KrakenD keep 0.23–0.51)`);
  console.log(`throughput nginx→gateway / nginx→direct: ${fmt(edgeRatio, 2)}`);
} finally {
  await viaGateway.stop();
  await viaDirect.stop();
  await gateway?.process.stop();
  await users.stop();
}
