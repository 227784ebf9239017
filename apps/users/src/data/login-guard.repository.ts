import type { Queryable } from '@marquee/postgres';

export class LoginGuardRepository {
  async blockedUntil(db: Queryable, ip: string): Promise<Date | null> {
    const { rows } = await db.query<{ blocked_until: Date }>('SELECT blocked_until FROM ip_blacklist WHERE ip = $1 AND blocked_until > now()', [
      ip,
    ]);
    return rows[0]?.blocked_until ?? null;
  }

  async record(db: Queryable, ip: string, success: boolean, userId: string | null): Promise<void> {
    await db.query('INSERT INTO login_attempts (ip, user_id, success) VALUES ($1, $2, $3)', [ip, userId, success]);
  }

  /** Failures from `ip` in the window, counted after the last block ended (or the window start). */
  async recentFailures(db: Queryable, ip: string, windowSec: number): Promise<{ count: number; since: Date | null }> {
    const { rows } = await db.query<{ count: number; since: Date | null }>(
      `SELECT count(*)::int AS count, min(attempted_at) AS since FROM login_attempts
        WHERE ip = $1 AND NOT success
          AND attempted_at > greatest(now() - make_interval(secs => $2),
                                      coalesce((SELECT blocked_until FROM ip_blacklist WHERE ip = $1), '-infinity'))`,
      [ip, windowSec],
    );
    return rows[0] ?? { count: 0, since: null };
  }

  async block(db: Queryable, ip: string, failedCount: number, windowStartedAt: Date, blockSec: number): Promise<Date> {
    const { rows } = await db.query<{ blocked_until: Date }>(
      `INSERT INTO ip_blacklist (ip, failed_count, window_started_at, blocked_at, blocked_until)
       VALUES ($1, $2, $3, now(), now() + make_interval(secs => $4))
       ON CONFLICT (ip) DO UPDATE SET failed_count = EXCLUDED.failed_count, window_started_at = EXCLUDED.window_started_at,
         blocked_at = EXCLUDED.blocked_at, blocked_until = EXCLUDED.blocked_until
       RETURNING blocked_until`,
      [ip, failedCount, windowStartedAt, blockSec],
    );
    return (rows[0] as { blocked_until: Date }).blocked_until;
  }
}
