import http, { type IncomingHttpHeaders } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  /** Sent as written (percent-escapes included), not normalised as `fetch` would. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * The client's own address. Linux routes all of 127.0.0.0/8 to loopback, so `127.0.0.2` is a
   * second machine as far as the gateway's socket can tell.
   */
  localAddress?: string;
}

/** One HTTP/1.1 request on its own connection, from a chosen local address. */
export function requestFrom(base: string, request: RawRequest): Promise<RawAnswer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: request.method ?? 'GET',
        path: request.path,
        headers: request.headers,
        localAddress: request.localAddress ?? '127.0.0.1',
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => void (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}
