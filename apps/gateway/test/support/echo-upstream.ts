// A stand-in for services in gateway tests, run as its own process: it listens on every port named
// in ECHO_PORTS ("users=4101,movies=4102") and answers each request with what it received, so a
// test can see which service a path reached and with which headers. The body is counted as it
// streams and never kept. `?status=` and `?delay=` make it misbehave on request.
import { createServer } from 'node:http';

const ports = (process.env.ECHO_PORTS ?? '')
  .split(',')
  .filter(Boolean)
  .map((pair) => pair.split('=') as [string, string]);

/** Bytes received so far per `?upload=` id, readable at `/progress?upload=` while a body streams in. */
const progress = new Map<string, number>();

let listening = 0;
for (const [service, port] of ports) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://echo');
    if (url.pathname === '/ready' || url.pathname === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ready', service }));
      return;
    }
    if (url.pathname === '/openapi.json') {
      const doc = {
        openapi: '3.1.0',
        info: { title: service, version: '1' },
        paths: { [`/api/echo-${service}`]: { get: { summary: 'not routed by the gateway', responses: { 200: { description: 'ok' } } } } },
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
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
        res.writeHead(status, { 'content-type': 'application/json', 'x-echo-service': service });
        res.end(JSON.stringify({ service, method: req.method, url: req.url, headers: req.headers, body_bytes: bytes }));
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
