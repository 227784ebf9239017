import http from 'node:http';
import https from 'node:https';

export interface HttpGetAnswer {
  status: number;
  text: string;
}

/**
 * GET over node:http(s), answering status and body text. For calls between our own processes:
 * Node's `fetch` refuses the WHATWG "bad ports" (6000, X11, among them: the payments service's
 * port), so a fetch to payments fails with "bad port" whatever payments does.
 */
export function httpGet(url: string | URL, options: { headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<HttpGetAnswer> {
  const target = typeof url === 'string' ? new URL(url) : url;
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(target, { headers: options.headers, signal: options.signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}
