import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Lifecycle, Logger } from '@marquee/core';

export interface ListenOptions {
  port: number;
  host: string;
  logger: Logger;
  /** The server is closed (after in-flight requests finish) when this lifecycle stops. */
  lifecycle: Lifecycle;
  /** Idle keep-alive timeout; longer than the proxy's in front (nginx 60 s) so it closes first. */
  keepAliveTimeoutMs?: number;
}

export interface Listening {
  server: http.Server;
  url: string;
  port: number;
}

/** Serves `handler` on `host:port` (port 0 picks a free one) and stops it with the lifecycle. */
export async function listen(handler: http.RequestListener, options: ListenOptions): Promise<Listening> {
  const server = http.createServer(handler);
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  options.lifecycle.onStop('http server', () => closeServer(server));
  const url = `http://127.0.0.1:${port}`;
  options.logger.info('listening', { url, port });
  return { server, url, port };
}

/**
 * Stops accepting, lets in-flight requests finish, and drops keep-alive connections as soon as
 * they go idle (Node closes only those idle at the moment `close()` is called).
 */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    const sweeper = setInterval(() => server.closeIdleConnections(), 100);
    server.close((error) => {
      clearInterval(sweeper);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
