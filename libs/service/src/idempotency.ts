import { createHash } from 'node:crypto';
import { AppError } from '@marquee/core';
import { ErrorCode } from '@marquee/contracts';
import { z } from 'zod';
import type { Db } from './domain-platform';

/** Who sent a request with an Idempotency-Key, and what the request was. */
export interface IdempotencyScope {
  userId: string;
  /** The `Idempotency-Key` header. */
  key: string;
  /** The operation and its input (`'POST /api/tickets'` plus the body): hashed into the fingerprint. */
  request: unknown;
}

/** The first answer to a key, to send again. */
export interface StoredAnswer<T> {
  status: number;
  body: T;
}

export type IdempotencyClaim<T> = { replay: false } | { replay: true; answer: StoredAnswer<T> };

/** Longest key accepted (the column's limit). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * The `Idempotency-Key` request header, for a route's `request.headers`: documented in OpenAPI
 * and checked (1–255 characters) before the handler runs. The store checks it again, for callers
 * outside the router.
 */
export const idempotencyKeyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(MAX_IDEMPOTENCY_KEY_LENGTH)
    .optional()
    .meta({
      description:
        'Makes a retry safe: the same key with the same body answers what the first request answered; with another body, 409 `IDEMPOTENCY_KEY_REUSED`. Unique per user, kept in the database (survives restarts).',
    }),
});

function fingerprint(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request ?? null)).digest('hex');
}

/**
 * Idempotency keys kept in the service's own database (the kit's `idempotency_keys` table), unique
 * per user, surviving restarts. Use both calls inside the transaction of the request's effect:
 *
 * ```ts
 * return deps.transaction(async (db) => {
 *   const claim = await deps.idempotency.claim<TicketBody>(db, scope);
 *   if (claim.replay) return claim.answer.body;
 *   const ticket = …;                           // the effect
 *   await deps.idempotency.complete(db, scope, { status: 201, body: ticket });
 *   return ticket;
 * });
 * ```
 *
 * `claim` inserts the key; a concurrent request with the same key waits on it until the first
 * transaction ends. If that one committed, the second gets its answer (or 409
 * `IDEMPOTENCY_KEY_REUSED` when the request differs); if it rolled back (the request failed and
 * wrote nothing), the key is free again and the second request runs for real.
 */
export class IdempotencyStore {
  async claim<T>(db: Db, scope: IdempotencyScope): Promise<IdempotencyClaim<T>> {
    if (scope.key.length === 0 || scope.key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !scope.key.isWellFormed() || scope.key.includes('\u0000')) {
      throw AppError.validation([{ field: 'headers.idempotency-key', message: `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters of text` }]);
    }
    const print = fingerprint(scope.request);
    const inserted = await db.query(
      'INSERT INTO idempotency_keys (user_id, key, fingerprint) VALUES ($1, $2, $3) ON CONFLICT (user_id, key) DO NOTHING',
      [scope.userId, scope.key, print],
    );
    if (inserted.rowCount === 1) return { replay: false };
    const { rows } = await db.query<{ fingerprint: string; status: number | null; response: T | null }>(
      'SELECT fingerprint, status, response FROM idempotency_keys WHERE user_id = $1 AND key = $2',
      [scope.userId, scope.key],
    );
    const stored = rows[0];
    if (!stored || stored.fingerprint !== print || stored.status === null) {
      throw AppError.conflict(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was already used for another request');
    }
    return { replay: true, answer: { status: stored.status, body: stored.response as T } };
  }

  async complete<T>(db: Db, scope: IdempotencyScope, answer: StoredAnswer<T>): Promise<void> {
    await db.query('UPDATE idempotency_keys SET status = $3, response = $4 WHERE user_id = $1 AND key = $2', [
      scope.userId,
      scope.key,
      answer.status,
      JSON.stringify(answer.body),
    ]);
  }
}
