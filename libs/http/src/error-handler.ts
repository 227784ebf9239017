import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { AppError, isAppError, type Logger } from '@marquee/core';
import { ErrorCode } from '@marquee/contracts';
import { internalError, sendProblem } from './problem';
import { routeLabel } from './route-label';

/** What body-parser (through http-errors) throws: a status and a machine-readable `type`. */
interface HttpLikeError {
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  type?: unknown;
  limit?: unknown;
  message?: unknown;
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHORIZED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
};

/**
 * Turns what Express and its body parsers throw into AppErrors with fixed, client-safe messages
 * (a JSON parse message would echo part of the body). Anything unrecognised is a bug: undefined.
 */
export function fromFrameworkError(error: unknown): AppError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as HttpLikeError;
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (status === undefined || status < 400 || status >= 500 || e.expose === false) return undefined;
  switch (e.type) {
    case 'entity.parse.failed':
      return new AppError(ErrorCode.MALFORMED_JSON, 'The request body could not be parsed; send well-formed JSON');
    case 'entity.too.large':
      return new AppError(
        ErrorCode.PAYLOAD_TOO_LARGE,
        `The request body is larger than the limit${typeof e.limit === 'number' ? ` of ${e.limit} bytes` : ''}`,
      );
    case 'parameters.too.many':
      return new AppError(ErrorCode.PAYLOAD_TOO_LARGE, 'The form has too many fields');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'The request body encoding or charset is not supported');
    case 'request.aborted':
      return new AppError(ErrorCode.VALIDATION_FAILED, 'The request body was not received completely', { status: 400 });
  }
  const code = CODE_BY_STATUS[status] ?? ErrorCode.VALIDATION_FAILED;
  const message = typeof e.message === 'string' && e.message.length <= 200 ? e.message : 'The request is not valid';
  return new AppError(code, message, { status });
}

function describe(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { value: String(error) };
}

/** The last middleware: a 404 problem for any path no route matched. */
export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    const path = req.path.length > 200 ? `${req.path.slice(0, 200)}…` : req.path;
    next(new AppError(ErrorCode.ROUTE_NOT_FOUND, `No route matches ${req.method} ${path}`));
  };
}

/**
 * The one error handler. An AppError answers with its own status, code, field errors, details and
 * headers; anything else is a bug, logged with its stack and answered with a bare 500. Every
 * error answer is `application/problem+json`.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req: Request, res, _next) => {
    const known = isAppError(error) ? error : fromFrameworkError(error);
    const where = { method: req.method, route: routeLabel(req, res) };
    if (!known) {
      logger.error('unhandled error', { ...where, error: describe(error) });
    } else if (known.status >= 500) {
      logger.warn(known.message, { ...where, code: known.code, cause: known.cause ? describe(known.cause) : undefined });
    }
    if (res.headersSent) {
      // Part of the answer is already on the wire: the only honest signal left is to cut it.
      res.destroy();
      return;
    }
    sendProblem(res, known ?? internalError());
  };
}
