import { ErrorCode, type FieldError } from '@marquee/contracts';

const defaultStatus: Partial<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNAUTHORIZED: 401,
  TOKEN_EXPIRED: 401,
  SESSION_REVOKED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  IP_BLOCKED: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  BAD_GATEWAY: 502,
  UPSTREAM_UNAVAILABLE: 503,
  SERVICE_BUSY: 503,
  UPSTREAM_TIMEOUT: 504,
};

export interface AppErrorOptions {
  /** HTTP status; defaults from the code (409 for domain conflicts). */
  status?: number;
  /** Per-field problems, for 400s. */
  errors?: FieldError[];
  /** Extra members of the problem body (e.g. `blocked_until`, `seats`). */
  details?: Record<string, unknown>;
  /** Headers to send with the answer (e.g. `Retry-After`). */
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * The one error type for expected failures. Anything else thrown is a bug and becomes a 500.
 * The HTTP error handler turns it into problem+json; consumers treat it as a permanent failure.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors?: FieldError[];
  readonly details?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? defaultStatus[code] ?? 409;
    this.errors = options.errors;
    this.details = options.details;
    this.headers = options.headers;
  }

  static validation(errors: FieldError[], message = 'The request is not valid'): AppError {
    return new AppError(ErrorCode.VALIDATION_FAILED, message, { errors });
  }

  static notFound(what: string): AppError {
    return new AppError(ErrorCode.NOT_FOUND, `${what} was not found`);
  }

  static unauthorized(message = 'A valid access token is required'): AppError {
    return new AppError(ErrorCode.UNAUTHORIZED, message);
  }

  static forbidden(message = 'You are not allowed to do this'): AppError {
    return new AppError(ErrorCode.FORBIDDEN, message);
  }

  static conflict(code: ErrorCode, message: string, details?: Record<string, unknown>): AppError {
    return new AppError(code, message, { status: 409, details });
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
