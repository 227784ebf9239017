// The floor of any Node proxy, for comparison in the gateway benchmark: node:http in, an undici
// pool out, the request's headers passed on and the answer (all its headers) streamed back. No
// auth, no rate limit, no breaker, no request ids, logs or metrics.
// Env: PORT, TARGET (origin of the service).
import http from 'node:http';
import { Pool } from 'undici';

const pool = new Pool(process.env.TARGET, { connections: 128 });
const server = http.createServer((req, res) => {
  const { host: _host, connection: _connection, ...headers } = req.headers;
  pool
    .stream({ path: req.url, method: req.method, headers, responseHeaders: 'raw' }, ({ statusCode, headers: raw }) => {
      const flat = [];
      for (let i = 0; i < raw.length; i += 2) {
        const name = raw[i].toString('latin1');
        if (!/^(connection|keep-alive|transfer-encoding)$/i.test(name)) flat.push(name, raw[i + 1].toString('latin1'));
      }
      res.writeHead(statusCode, flat);
      return res;
    })
    .catch(() => res.destroy());
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('bare proxy listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
