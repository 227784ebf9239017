import type { IncomingHttpHeaders } from 'node:http';
import type { Request, Response } from 'express';
import type { Dispatcher } from 'undici';
import { currentContext } from '@marquee/core';
import { isFailureStatus, UpstreamStatusError } from './proxy-errors';
import type { UpstreamClient } from './upstream-client';

/**
 * RFC 9110 §7.6.1: connection-specific headers are never forwarded, in either direction. `expect`
 * is answered by this server (100-continue) and not passed on; `host` is the upstream's own.
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'expect',
]);

type Headers = Record<string, string | string[]>;

function withoutHopByHop(headers: IncomingHttpHeaders): Headers {
  const connection = headers.connection;
  const listed = connection
    ? new Set(
        String(connection)
          .split(',')
          .map((h) => h.trim().toLowerCase()),
      )
    : undefined;
  const out: Headers = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || HOP_BY_HOP.has(name) || listed?.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/**
 * The headers the upstream sees: the client's (Authorization included), minus hop-by-hop ones,
 * plus who the client is. X-Forwarded-For is replaced by the one address the gateway resolved
 * (trusting exactly its own proxy hops), so a service behind it trusts one hop (the gateway) and
 * sees the real client, and nothing a client wrote into the header travels further.
 */
function upstreamHeaders(req: Request): Headers {
  const headers = withoutHopByHop(req.headers);
  const context = currentContext();
  headers['x-forwarded-for'] = req.ip ?? req.socket.remoteAddress ?? '';
  headers['x-forwarded-proto'] = req.protocol;
  const host = req.app.get('trust proxy') && req.get('x-forwarded-host') ? req.get('x-forwarded-host') : req.get('host');
  if (host) headers['x-forwarded-host'] = host;
  if (context.requestId) headers['x-request-id'] = context.requestId;
  if (context.correlationId) headers['x-correlation-id'] = context.correlationId;
  return headers;
}

/** undici's raw answer headers (`[name, value, name, value, …]`) as a flat list for `writeHead`, minus hop-by-hop ones. */
function answerHeaders(raw: Buffer[]): string[] {
  const out: string[] = [];
  let listed: Set<string> | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1').toLowerCase();
    if (name === 'connection') {
      listed = new Set(
        raw[i + 1]!.toString('latin1')
          .split(',')
          .map((h) => h.trim().toLowerCase()),
      );
    }
  }
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1');
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || listed?.has(lower)) continue;
    out.push(name, raw[i + 1]!.toString('latin1'));
  }
  return out;
}

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Sends the request, its body streamed from the client, and starts streaming the answer back as
 * soon as its headers arrive; resolves (or rejects, for a failure status) at that moment, so the
 * breaker times only the wait for the headers. Errors before the headers reject; after them, the
 * client's connection is ended (nothing else can be said once a status went out).
 */
function send(upstream: UpstreamClient, req: Request, res: Response, headers: Headers, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const hasBody = !BODYLESS.has(req.method) && (req.headers['content-length'] !== undefined ? req.headers['content-length'] !== '0' : req.headers['transfer-encoding'] !== undefined);
    upstream.pool
      .stream(
        { path: req.originalUrl, method: req.method as Dispatcher.HttpMethod, headers, body: hasBody ? req : null, signal, responseHeaders: 'raw' },
        ({ statusCode, headers: raw }) => {
          answered = true;
          // Names keep the service's spelling; the flat list skips re-parsing them into an object.
          res.writeHead(statusCode, answerHeaders(raw as unknown as Buffer[]));
          if (isFailureStatus(statusCode)) reject(new UpstreamStatusError(statusCode));
          else resolve(statusCode);
          return res;
        },
      )
      .catch((error: unknown) => {
        if (answered) res.destroy();
        else reject(error);
      });
  });
}

export interface ForwardOptions {
  timeoutMs: number;
}

/**
 * Proxies one request through the upstream's breaker. Bodies stream in both directions and are
 * never parsed or buffered. A client that goes away before the answer cancels the upstream
 * request, and that is not counted as a failure. Rejects only when no answer could be relayed.
 */
export async function forward(req: Request, res: Response, upstream: UpstreamClient, options: ForwardOptions): Promise<void> {
  const clientGone = new AbortController();
  const onClose = () => {
    if (!res.headersSent) clientGone.abort(new Error('client closed the connection'));
  };
  res.once('close', onClose);
  try {
    await upstream.breaker.run((signal) => send(upstream, req, res, upstreamHeaders(req), signal), { timeoutMs: options.timeoutMs, signal: clientGone.signal });
  } catch (error) {
    // A failure status was counted by the breaker; its answer is already on its way to the client.
    if (!(error instanceof UpstreamStatusError)) throw error;
  } finally {
    res.off('close', onClose);
  }
}
