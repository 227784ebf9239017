import type { Db } from '@marquee/service';

/**
 * What the login and reset rules stop reading once it is old: failed and successful login
 * attempts, lapsed address blocks, expired or finished resets and past reset-limit windows. Kept
 * `keepHours` beyond the moment no rule needs them (the longest rule window is an hour), so an
 * operator can still look back at yesterday.
 */
export class AuthRecordsRetention {
  async prune(db: Db, keepHours: number): Promise<Record<string, number>> {
    const keep = [keepHours];
    const statements: Record<string, string> = {
      login_attempts: 'DELETE FROM login_attempts WHERE attempted_at < now() - make_interval(hours => $1)',
      ip_blacklist: 'DELETE FROM ip_blacklist WHERE blocked_until < now() - make_interval(hours => $1)',
      password_resets: 'DELETE FROM password_resets WHERE expires_at < now() - make_interval(hours => $1)',
      password_reset_limits: "DELETE FROM password_reset_limits WHERE window_started_at < now() - interval '1 hour' - make_interval(hours => $1)",
    };
    const pruned: Record<string, number> = {};
    for (const [table, sql] of Object.entries(statements)) pruned[table] = (await db.query(sql, keep)).rowCount ?? 0;
    return pruned;
  }
}
