// The floor of any Node proxy, for comparison in the gateway benchmark: node:http in, an undici
// pool out, the answer streamed back. No auth, no rate limit, no breaker, no logs or metrics.
// Env: PORT, TARGET (origin of the service).
import http from 'node:http';
import { Pool } from 'undici';

const pool = new Pool(process.env.TARGET, { connections: 128 });
const server = http.createServer((req, res) => {
  pool
    .stream({ path: req.url, method: req.method, headers: { authorization: req.headers.authorization ?? '' } }, ({ statusCode, headers }) => {
      res.writeHead(statusCode, { 'content-type': headers['content-type'] ?? 'application/json' });
      return res;
    })
    .catch(() => res.destroy());
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('bare proxy listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
