import type { Response } from 'express';
import { AppError, currentContext } from '@marquee/core';
import { ErrorCode, PROBLEM_CONTENT_TYPE, problemType, type FieldError } from '@marquee/contracts';

/** The body of an `application/problem+json` answer (RFC 9457) plus any AppError details. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: ErrorCode;
  errors?: FieldError[];
  request_id?: string;
  [member: string]: unknown;
}

const TITLE_OVERRIDES: Partial<Record<ErrorCode, string>> = {
  INTERNAL: 'Internal server error',
  UNAUTHORIZED: 'Unauthorized',
};

/** A short, stable title for a problem type: `SEAT_TAKEN` → "Seat taken". */
export function problemTitle(code: ErrorCode): string {
  const override = TITLE_OVERRIDES[code];
  if (override) return override;
  const words = code.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The problem body for an AppError. `details` become extra members but never replace the
 * standard ones.
 */
export function problemFromError(error: AppError, requestId = currentContext().requestId): ProblemBody {
  return {
    ...error.details,
    type: problemType(error.code),
    title: problemTitle(error.code),
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(error.errors && error.errors.length > 0 ? { errors: error.errors } : {}),
    ...(requestId ? { request_id: requestId } : {}),
  };
}

/** Sends `error` as problem+json with its status and headers (e.g. `Retry-After`, `WWW-Authenticate`). */
export function sendProblem(res: Response, error: AppError): void {
  if (error.headers) res.set(error.headers);
  res.status(error.status).set('Content-Type', PROBLEM_CONTENT_TYPE).json(problemFromError(error));
}

/** The generic answer for a bug: nothing of the original error is sent. */
export function internalError(): AppError {
  return new AppError(ErrorCode.INTERNAL, 'An unexpected error occurred. Quote the request id when you report it.', {
    status: 500,
  });
}
