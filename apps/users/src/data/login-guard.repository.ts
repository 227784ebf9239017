import type { Queryable } from '@marquee/postgres';
import type { LimitWindows, LoginGuardStore, LoginLimits } from '../domain/login-guard.store';

/**
 * Logins are case-folded by `lower()`, the function the account lookup uses, so no spelling that
 * finds an account escapes its count.
 */
export class LoginGuardRepository implements LoginGuardStore {
  /**
   * Serialises admission per address and per login until the transaction ends, so concurrent
   * attempts cannot all pass the count before any is written. Always the address first, then the
   * login: one order, no deadlock.
   */
  async lock(db: Queryable, ipKey: string, login: string): Promise<void> {
    await db.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('login-ip:' || $1, 0)),
              pg_advisory_xact_lock(hashtextextended('login-key:' || lower($2), 0))`,
      [ipKey, login],
    );
  }

  /**
   * What the limits say for an attempt from `ipKey` at `login`, in one round trip: the address's
   * block, its failures (and attempts in flight) since the window started or its last block ended,
   * and, when `login` has `loginMaxFailures` failures in its window, the moment the oldest of those
   * leaves it (null when it may be tried now).
   */
  async limits(db: Queryable, ipKey: string, login: string, windows: LimitWindows): Promise<LoginLimits> {
    const { rows } = await db.query<LoginLimits>(
      `SELECT (SELECT blocked_until FROM ip_blacklist WHERE ip = $1 AND blocked_until > now()) AS "blockedUntil",
              failures.count AS "ipFailures", failures.since AS "ipFailuresSince",
              (SELECT attempted_at + make_interval(secs => $5) FROM login_attempts
                WHERE login_key = lower($2) AND NOT success AND attempted_at > now() - make_interval(secs => $5)
                ORDER BY attempted_at DESC OFFSET $4 - 1 LIMIT 1) AS "loginRefusedUntil"
         FROM (SELECT count(*)::int AS count, min(attempted_at) AS since FROM login_attempts
                WHERE ip = $1 AND NOT success
                  AND attempted_at > greatest(now() - make_interval(secs => $3),
                                              coalesce((SELECT blocked_until FROM ip_blacklist WHERE ip = $1), '-infinity'))) failures`,
      [ipKey, login, windows.ipWindowSec, windows.loginMaxFailures, windows.loginWindowSec],
    );
    return rows[0] as LoginLimits;
  }

  /** Writes an attempt as a failure until `settle` says otherwise; returns its id. */
  async begin(db: Queryable, ipKey: string, login: string): Promise<string> {
    const { rows } = await db.query<{ id: string }>(
      'INSERT INTO login_attempts (ip, login_key, success) VALUES ($1, lower($2), false) RETURNING id::text',
      [ipKey, login],
    );
    return (rows[0] as { id: string }).id;
  }

  async settle(db: Queryable, attemptId: string, success: boolean, userId: string | null): Promise<void> {
    await db.query('UPDATE login_attempts SET success = $2, user_id = $3 WHERE id = $1', [attemptId, success, userId]);
  }

  /** Removes an attempt that was never judged (its password could not be checked). */
  async discard(db: Queryable, attemptId: string): Promise<void> {
    await db.query('DELETE FROM login_attempts WHERE id = $1', [attemptId]);
  }

  async block(db: Queryable, ipKey: string, failedCount: number, windowStartedAt: Date, blockSec: number): Promise<Date> {
    const { rows } = await db.query<{ blocked_until: Date }>(
      `INSERT INTO ip_blacklist (ip, failed_count, window_started_at, blocked_at, blocked_until)
       VALUES ($1, $2, $3, now(), now() + make_interval(secs => $4))
       ON CONFLICT (ip) DO UPDATE SET failed_count = EXCLUDED.failed_count, window_started_at = EXCLUDED.window_started_at,
         blocked_at = EXCLUDED.blocked_at, blocked_until = EXCLUDED.blocked_until
       RETURNING blocked_until`,
      [ipKey, failedCount, windowStartedAt, blockSec],
    );
    return (rows[0] as { blocked_until: Date }).blocked_until;
  }
}
