// A stand-in for services in gateway tests, run as its own process: it listens on every port named
// in ECHO_PORTS ("users=4101,movies=4102") and answers each request with what it received, so a
// test can see which service a path reached and with which headers. The body is counted as it
// streams and never kept. `?status=` and `?delay=` make it misbehave on request; `?type=` sets the
// answer's content type, and `?type=text/plain` answers as a load balancer would for a missing
// service. For ECHO_BOOT_MS after it starts it answers everything 503, as a service still booting.
// Its /openapi.json documents the paths the gateway routes to that service.
import { createServer } from 'node:http';
import { ROUTES } from '../../src/routes/route-table';

const ports = (process.env.ECHO_PORTS ?? '')
  .split(',')
  .filter(Boolean)
  .map((pair) => pair.split('=') as [string, string]);

/** Bytes received so far per `?upload=` id, readable at `/progress?upload=` while a body streams in. */
const progress = new Map<string, number>();

const bootUntil = Date.now() + Number(process.env.ECHO_BOOT_MS ?? 0);

function openapi(service: string) {
  const paths: Record<string, Record<string, unknown>> = {
    [`/api/echo-${service}`]: { get: { summary: 'not routed by the gateway', responses: { 200: { description: 'ok' } } } },
  };
  for (const rule of ROUTES.filter((r) => r.upstream === service)) {
    for (const method of rule.methods) (paths[rule.path] ??= {})[method.toLowerCase()] = { summary: `${method} ${rule.path}`, responses: { 200: { description: 'ok' } } };
  }
  return { openapi: '3.1.0', info: { title: service, version: '1' }, paths };
}

let listening = 0;
for (const [service, port] of ports) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://echo');
    if (Date.now() < bootUntil) {
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'starting', service }));
      return;
    }
    if (url.pathname === '/ready' || url.pathname === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ready', service }));
      return;
    }
    if (url.pathname === '/openapi.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(openapi(service)));
      return;
    }
    if (url.pathname === '/memory') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(process.memoryUsage()));
      return;
    }
    if (url.pathname === '/progress') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ bytes: progress.get(url.searchParams.get('upload') ?? '') ?? 0 }));
      return;
    }
    const upload = url.searchParams.get('upload');
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (upload) progress.set(upload, bytes);
    });
    req.on('end', () => {
      const answer = () => {
        const status = Number(url.searchParams.get('status') ?? 200);
        const type = url.searchParams.get('type') ?? 'application/json';
        res.writeHead(status, { 'content-type': type, 'x-echo-service': service });
        if (type === 'text/plain') res.end('no healthy upstream');
        else res.end(JSON.stringify({ service, method: req.method, url: req.url, headers: req.headers, body_bytes: bytes }));
      };
      const delay = Number(url.searchParams.get('delay') ?? 0);
      if (delay > 0) setTimeout(answer, delay);
      else answer();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(port), '127.0.0.1', () => {
    listening += 1;
    if (listening === ports.length) process.stdout.write('echo upstream listening\n');
  });
}

process.on('SIGTERM', () => process.exit(0));
