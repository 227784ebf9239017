import type { IncomingHttpHeaders } from 'node:http';
import type { Request, Response } from 'express';
import type { Dispatcher } from 'undici';
import { currentContext } from '@marquee/core';
import { clientAddress } from '@marquee/http';
import { CallTimeoutError } from '@marquee/resilience';
import { BodyTimeoutError, ClientGoneError, isBrokenUpstreamAnswer, UpstreamStatusError } from './proxy-errors';
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
 * (believing only `TRUSTED_PROXIES`), in canonical form, so a service that trusts the gateway sees
 * the real client and nothing a client wrote into the header travels further.
 */
function upstreamHeaders(req: Request): Headers {
  const headers = withoutHopByHop(req.headers);
  const context = currentContext();
  headers['x-forwarded-for'] = clientAddress(req);
  headers['x-forwarded-proto'] = req.protocol;
  // Express's own rule for X-Forwarded-Host: only a trusted peer's is believed.
  const trusted = (req.app.get('trust proxy fn') as (address: string, hop: number) => boolean)(req.socket.remoteAddress ?? '', 0);
  const host = trusted && req.get('x-forwarded-host') ? req.get('x-forwarded-host') : req.get('host');
  if (host) headers['x-forwarded-host'] = host;
  if (context.requestId) headers['x-request-id'] = context.requestId;
  if (context.correlationId) headers['x-correlation-id'] = context.correlationId;
  return headers;
}

/** The request target as the upstream gets it: origin-form, even when the client sent an absolute URL. */
function requestTarget(req: Request): string {
  if (req.originalUrl.startsWith('/')) return req.originalUrl;
  const query = req.originalUrl.indexOf('?');
  return query < 0 ? req.path : `${req.path}${req.originalUrl.slice(query)}`;
}

function answerContentType(raw: Buffer[]): string | undefined {
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toString('latin1').toLowerCase() === 'content-type') return raw[i + 1]!.toString('latin1');
  }
  return undefined;
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

function hasBody(req: Request): boolean {
  if (BODYLESS.has(req.method)) return false;
  return req.headers['content-length'] !== undefined ? req.headers['content-length'] !== '0' : req.headers['transfer-encoding'] !== undefined;
}

interface SendTimes {
  /** From the whole request having arrived to the answer's headers. */
  answerMs: number;
  /** How long a request body may take to arrive. */
  bodyMs: number;
}

/**
 * Sends the request, its body streamed from the client, and starts streaming the answer back as
 * soon as its headers arrive; resolves with the status at that moment (or rejects, when something
 * standing in for a missing service answered), so the breaker times only the wait for the headers.
 * Errors before the headers reject; after them, the client's connection is ended (nothing else can
 * be said once a status went out).
 *
 * The answer's clock starts once the client's body is in: a client that sends its body slowly is
 * waited for (up to `bodyMs`, then 408), and that wait is never the upstream's timeout, or a few
 * slow clients would open the breaker for everybody (docs/adr/0004-breaker-policy.md).
 */
function send(upstream: UpstreamClient, req: Request, res: Response, headers: Headers, signal: AbortSignal, times: SendTimes): Promise<number> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const withBody = hasBody(req);
    const own = new AbortController();
    const timers: NodeJS.Timeout[] = [];
    const fail = (error: Error) => {
      own.abort(error);
      reject(error);
    };
    let clockStarted = false;
    const startAnswerClock = () => {
      if (clockStarted) return;
      clockStarted = true;
      timers.push(setTimeout(() => fail(new CallTimeoutError(upstream.name, times.answerMs)), times.answerMs));
    };
    if (withBody && !req.complete) {
      req.once('end', startAnswerClock);
      // A body that is in but not yet read on is the upstream's to take: its clock runs.
      timers.push(setTimeout(() => (req.complete ? startAnswerClock() : fail(new BodyTimeoutError(times.bodyMs))), times.bodyMs));
    } else if (withBody) {
      startAnswerClock();
    }
    const settle = () => {
      for (const timer of timers) clearTimeout(timer);
      req.off('end', startAnswerClock);
    };
    upstream.pool
      .stream(
        { path: requestTarget(req), method: req.method as Dispatcher.HttpMethod, headers, body: withBody ? req : null, signal: AbortSignal.any([signal, own.signal]), responseHeaders: 'raw' },
        ({ statusCode, headers: raw }) => {
          answered = true;
          settle();
          const list = raw as unknown as Buffer[];
          // Names keep the service's spelling; the flat list skips re-parsing them into an object.
          res.writeHead(statusCode, answerHeaders(list));
          if (isBrokenUpstreamAnswer(statusCode, answerContentType(list))) reject(new UpstreamStatusError(statusCode));
          else resolve(statusCode);
          return res;
        },
      )
      .catch((error: unknown) => {
        settle();
        if (answered) res.destroy();
        else if (own.signal.aborted) reject(own.signal.reason);
        // The client hung up mid-body: its stream's error can come before the response's close.
        else if (withBody && !req.complete && req.destroyed) reject(new ClientGoneError(error));
        else reject(error);
      });
  });
}

export interface ForwardOptions {
  /** Time the upstream has to answer (its headers), counted from the whole request having arrived. */
  timeoutMs: number;
  /** How long a request body may take to arrive. */
  bodyTimeoutMs: number;
}

/**
 * Proxies one request through the upstream's breaker and resolves with the status relayed.
 * Bodies stream in both directions and are never parsed or buffered. A client that goes away
 * before the answer cancels the upstream request, and that is not counted as a failure. Rejects
 * only when no answer could be relayed.
 */
export async function forward(req: Request, res: Response, upstream: UpstreamClient, options: ForwardOptions): Promise<number> {
  const clientGone = new AbortController();
  const onClose = () => {
    if (!res.headersSent) clientGone.abort(new Error('client closed the connection'));
  };
  res.once('close', onClose);
  const times = { answerMs: options.timeoutMs, bodyMs: options.bodyTimeoutMs };
  // A request with a body is timed by `send` once the body is in; the breaker's own clock is then a backstop only.
  const breakerMs = hasBody(req) ? times.bodyMs + times.answerMs + 1_000 : times.answerMs;
  try {
    return await upstream.breaker.run((signal) => send(upstream, req, res, upstreamHeaders(req), signal, times), { timeoutMs: breakerMs, signal: clientGone.signal });
  } catch (error) {
    // Counted by the breaker; the stand-in's answer is already on its way to the client.
    if (error instanceof UpstreamStatusError) return error.status;
    throw error;
  } finally {
    res.off('close', onClose);
  }
}
