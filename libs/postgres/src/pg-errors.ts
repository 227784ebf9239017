/** SQLSTATE codes the services map to answers (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
export const PgErrorCode = {
  UNIQUE_VIOLATION: '23505',
  FOREIGN_KEY_VIOLATION: '23503',
  CHECK_VIOLATION: '23514',
  EXCLUSION_VIOLATION: '23P01',
  SERIALIZATION_FAILURE: '40001',
  DEADLOCK_DETECTED: '40P01',
  DUPLICATE_DATABASE: '42P04',
} as const;

export type PgErrorCode = (typeof PgErrorCode)[keyof typeof PgErrorCode];

/** The fields of a PostgreSQL error (`pg.DatabaseError`) that callers look at. */
export interface PgError extends Error {
  code: string;
  constraint?: string;
  table?: string;
  column?: string;
  detail?: string;
}

/**
 * True for an error reported by the PostgreSQL server. Checked by shape rather than with
 * `instanceof`, so it also holds when two copies of `pg` are loaded.
 */
export function isPgError(error: unknown): error is PgError {
  return (
    error instanceof Error &&
    typeof (error as Partial<PgError>).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((error as PgError).code) &&
    'severity' in error
  );
}

function hasCode(error: unknown, code: string, constraint?: string): error is PgError {
  return isPgError(error) && error.code === code && (constraint === undefined || error.constraint === constraint);
}

/** A unique index or constraint refused the row (23505), optionally a given one by name. */
export function isUniqueViolation(error: unknown, constraint?: string): error is PgError {
  return hasCode(error, PgErrorCode.UNIQUE_VIOLATION, constraint);
}

/** An exclusion constraint refused the row (23P01), e.g. overlapping showtimes. */
export function isExclusionViolation(error: unknown, constraint?: string): error is PgError {
  return hasCode(error, PgErrorCode.EXCLUSION_VIOLATION, constraint);
}

/** A CHECK constraint refused the row (23514), e.g. a balance going below zero. */
export function isCheckViolation(error: unknown, constraint?: string): error is PgError {
  return hasCode(error, PgErrorCode.CHECK_VIOLATION, constraint);
}

/** A foreign key refused the row (23503). */
export function isForeignKeyViolation(error: unknown, constraint?: string): error is PgError {
  return hasCode(error, PgErrorCode.FOREIGN_KEY_VIOLATION, constraint);
}

/** A serializable or repeatable-read transaction lost a race (40001); retrying it is safe. */
export function isSerializationFailure(error: unknown): error is PgError {
  return hasCode(error, PgErrorCode.SERIALIZATION_FAILURE);
}

/** The server broke a deadlock by aborting this transaction (40P01); retrying it is safe. */
export function isDeadlock(error: unknown): error is PgError {
  return hasCode(error, PgErrorCode.DEADLOCK_DETECTED);
}
