import http, { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream';
import type { Request, Response } from 'express';
import { currentContext } from '@marquee/core';
import { isConnectionError, isFailureStatus, UpstreamStatusError } from './proxy-errors';
import type { UpstreamClient } from './upstream-client';

/** RFC 9110 §7.6.1: connection-specific headers are never forwarded, in either direction. */
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
]);

function withoutHopByHop(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const listed = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.has(name)) continue;
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
function upstreamHeaders(req: Request): OutgoingHttpHeaders {
  const headers = withoutHopByHop(req.headers);
  const context = currentContext();
  headers['x-forwarded-for'] = req.ip ?? req.socket.remoteAddress ?? '';
  headers['x-forwarded-proto'] = req.protocol;
  const host = req.get('x-forwarded-host') && req.app.get('trust proxy') ? req.get('x-forwarded-host') : req.get('host');
  if (host) headers['x-forwarded-host'] = host;
  if (context.requestId) headers['x-request-id'] = context.requestId;
  if (context.correlationId) headers['x-correlation-id'] = context.correlationId;
  return headers;
}

interface SendOptions {
  upstream: UpstreamClient;
  req: Request;
  headers: OutgoingHttpHeaders;
  signal: AbortSignal;
}

/** Sends the request (streaming its body) and resolves with the response once headers arrive. */
function send({ upstream, req, headers, signal }: SendOptions, retried = false): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const transport = upstream.url.protocol === 'https:' ? https : http;
    const outgoing = transport.request({
      protocol: upstream.url.protocol,
      hostname: upstream.url.hostname,
      port: upstream.url.port,
      method: req.method,
      path: req.originalUrl,
      headers,
      agent: upstream.agent,
      signal,
    });
    outgoing.on('response', (response) => {
      if (isFailureStatus(response.statusCode ?? 0)) reject(new UpstreamStatusError(response));
      else resolve(response);
    });
    outgoing.on('error', (error) => {
      // A kept-alive socket the upstream closed just as we reused it: safe to try once more for a
      // request without a body, and not the upstream's fault.
      const bodyless = (req.method === 'GET' || req.method === 'HEAD') && !req.headers['content-length'] && !req.headers['transfer-encoding'];
      if (!retried && bodyless && outgoing.reusedSocket && isConnectionError(error) && !signal.aborted) {
        send({ upstream, req, headers, signal }, true).then(resolve, reject);
        return;
      }
      reject(error);
    });
    if (req.readableEnded || req.method === 'GET' || req.method === 'HEAD') outgoing.end();
    else req.pipe(outgoing);
  });
}

function relay(response: IncomingMessage, res: Response): void {
  const headers = withoutHopByHop(response.headers);
  res.writeHead(response.statusCode ?? 502, response.statusMessage, headers);
  pipeline(response, res, () => {
    // A broken stream after the headers went out can only be ended: both sides are destroyed.
  });
}

export interface ForwardOptions {
  timeoutMs: number;
}

/**
 * Proxies one request through the upstream's breaker. Bodies stream in both directions and are
 * never parsed or buffered. The breaker's timeout covers the time to the response headers; a
 * client that goes away cancels the upstream request, and that is not counted as a failure.
 * Rejects (with the breaker's or the socket's error) only when no answer could be relayed.
 */
export async function forward(req: Request, res: Response, upstream: UpstreamClient, options: ForwardOptions): Promise<void> {
  const clientGone = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) clientGone.abort(new Error('client closed the connection'));
  };
  res.once('close', onClose);
  const headers = upstreamHeaders(req);
  let response: IncomingMessage;
  try {
    response = await upstream.breaker.run((signal) => send({ upstream, req, headers, signal }), {
      timeoutMs: options.timeoutMs,
      signal: clientGone.signal,
    });
  } catch (error) {
    if (!(error instanceof UpstreamStatusError)) {
      res.off('close', onClose);
      throw error;
    }
    response = error.response;
  }
  res.off('close', onClose);
  relay(response, res);
}
