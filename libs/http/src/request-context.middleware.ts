import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { runWithContext } from '@marquee/core';

export const REQUEST_ID_HEADER = 'X-Request-Id';
export const CORRELATION_ID_HEADER = 'X-Correlation-Id';

const SANE_ID = /^[\w.:-]{1,128}$/;

/** True for an id we are willing to log and echo: at most 128 of `A-Z a-z 0-9 _ . : -`. */
export function isSaneId(value: unknown): value is string {
  return typeof value === 'string' && SANE_ID.test(value);
}

/**
 * Takes `X-Request-Id` and `X-Correlation-Id` from the request when they look sane (else a new
 * uuid; the correlation id defaults to the request id), echoes both on the response, and runs the
 * rest of the chain inside the request context so every log line carries them.
 */
export function requestContext(): RequestHandler {
  return (req, res, next) => {
    const given = req.get(REQUEST_ID_HEADER);
    const requestId = isSaneId(given) ? given : randomUUID();
    const givenCorrelation = req.get(CORRELATION_ID_HEADER);
    const correlationId = isSaneId(givenCorrelation) ? givenCorrelation : requestId;
    res.set(REQUEST_ID_HEADER, requestId);
    res.set(CORRELATION_ID_HEADER, correlationId);
    runWithContext({ requestId, correlationId }, next);
  };
}
