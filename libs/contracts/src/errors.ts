import { z } from 'zod';

/**
 * Stable error codes. Clients switch on these, so a code is never renamed or reused for another
 * meaning; add new ones instead.
 */
export const ErrorCode = {
  // generic
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  MALFORMED_JSON: 'MALFORMED_JSON',
  UNAUTHORIZED: 'UNAUTHORIZED',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  SESSION_REVOKED: 'SESSION_REVOKED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  RATE_LIMITED: 'RATE_LIMITED',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  /** The service itself is at its bound for this kind of work (503 with Retry-After); not a dependency's outage. */
  SERVICE_BUSY: 'SERVICE_BUSY',
  UPSTREAM_TIMEOUT: 'UPSTREAM_TIMEOUT',
  BAD_GATEWAY: 'BAD_GATEWAY',
  INTERNAL: 'INTERNAL',
  // users
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  USERNAME_TAKEN: 'USERNAME_TAKEN',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  IP_BLOCKED: 'IP_BLOCKED',
  INVALID_REFRESH_TOKEN: 'INVALID_REFRESH_TOKEN',
  REFRESH_TOKEN_REUSED: 'REFRESH_TOKEN_REUSED',
  RESET_NOT_VERIFIED: 'RESET_NOT_VERIFIED',
  INVALID_OTP: 'INVALID_OTP',
  TOO_MANY_ATTEMPTS: 'TOO_MANY_ATTEMPTS',
  // movies and reviews
  ALREADY_REVIEWED: 'ALREADY_REVIEWED',
  // showtimes and tickets
  SHOWTIME_OVERLAP: 'SHOWTIME_OVERLAP',
  SHOWTIME_NOT_BOOKABLE: 'SHOWTIME_NOT_BOOKABLE',
  SEAT_TAKEN: 'SEAT_TAKEN',
  UNKNOWN_SEAT: 'UNKNOWN_SEAT',
  TICKET_NOT_CANCELLABLE: 'TICKET_NOT_CANCELLABLE',
  // payments
  TICKET_NOT_PAYABLE: 'TICKET_NOT_PAYABLE',
  AMOUNT_MISMATCH: 'AMOUNT_MISMATCH',
  REFUND_EXCEEDS_PAYMENT: 'REFUND_EXCEEDS_PAYMENT',
  // loyalty
  INSUFFICIENT_POINTS: 'INSUFFICIENT_POINTS',
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  // events
  EVENT_FULL: 'EVENT_FULL',
  SESSION_FULL: 'SESSION_FULL',
  SESSION_CONFLICT: 'SESSION_CONFLICT',
  ALREADY_REGISTERED: 'ALREADY_REGISTERED',
  SCHEDULE_CONFLICT: 'SCHEDULE_CONFLICT',
  EVENT_NOT_OPEN: 'EVENT_NOT_OPEN',
  // videos
  VIDEO_HAS_VOTES: 'VIDEO_HAS_VOTES',
  VIDEO_NOT_PROCESSED: 'VIDEO_NOT_PROCESSED',
  VIDEO_NOT_PUBLISHED: 'VIDEO_NOT_PUBLISHED',
  OWN_VIDEO: 'OWN_VIDEO',
  ALREADY_VOTED: 'ALREADY_VOTED',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const errorCodeSchema = z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]);

/** One field-level problem: `field` is a dotted path into the request (`body.seats.0`). */
export const fieldErrorSchema = z.object({
  field: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** The `application/problem+json` body (RFC 9457) every service answers errors with. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string().optional(),
  code: errorCodeSchema,
  errors: z.array(fieldErrorSchema).optional(),
  request_id: z.string().optional(),
  instance: z.string().optional(),
});
export type Problem = z.infer<typeof problemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The `type` URI of a problem: a stable, documentable identifier derived from its code. */
export function problemType(code: ErrorCode): string {
  return `https://marquee.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}
