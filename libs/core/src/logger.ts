import winston from 'winston';
import { currentContext } from './context';

export type Logger = winston.Logger;

const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|otp|card|cvc|api[-_]?key/i;

/** Replaces secret-looking members by "[redacted]" so a careless log call cannot leak them. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return serializeError(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(inner, depth + 1);
  }
  return out;
}

/** Errors do not survive JSON.stringify; keep what helps a reader (never sent to clients). */
function serializeError(error: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: error.message, stack: error.stack };
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) out.code = code;
  if (error.cause instanceof Error) out.cause = serializeError(error.cause);
  return out;
}

const contextFormat = winston.format((info) => {
  const ctx = currentContext();
  if (ctx.requestId && info.request_id === undefined) info.request_id = ctx.requestId;
  if (ctx.correlationId && info.correlation_id === undefined) info.correlation_id = ctx.correlationId;
  if (ctx.userId && info.user_id === undefined) info.user_id = ctx.userId;
  for (const key of Object.keys(info)) {
    if (SECRET_KEY.test(key)) info[key] = '[redacted]';
    else if (key !== 'message' && typeof info[key] === 'object') info[key] = redact(info[key]);
  }
  return info;
});

export interface LoggerOptions {
  service: string;
  level?: string;
  /** Silence output (tests set LOG_LEVEL=silent). */
  silent?: boolean;
}

/**
 * A winston JSON logger whose lines carry `service`, and `request_id`, `correlation_id` and
 * `user_id` from the current context.
 */
export function createLogger({ service, level = 'info', silent }: LoggerOptions): Logger {
  return winston.createLogger({
    level: level === 'silent' ? 'error' : level,
    silent: silent ?? level === 'silent',
    defaultMeta: { service },
    format: winston.format.combine(
      winston.format.timestamp(),
      winston.format.errors({ stack: true }),
      contextFormat(),
      winston.format.json(),
    ),
    transports: [new winston.transports.Console()],
  });
}
