import type { Queryable } from '@marquee/postgres';
import type { NewPasswordReset, PasswordReset, PasswordResetsStore, ResetLimitKind } from '../domain/password-resets.store';

export class PasswordResetsRepository implements PasswordResetsStore {
  /**
   * Serialises every reset step of one account (request, verify, change) until the transaction
   * ends. Taken first, before any row lock, so the steps always lock in one order.
   */
  async lockAccount(db: Queryable, email: string): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock(hashtextextended('password-reset:' || lower($1), 0))`, [email]);
  }

  /**
   * Counts one more `kind` for the account in a window that starts with the first one and lasts
   * `windowSec`; resolves to the count including this one and the end of the window. The upsert
   * holds the row lock, so concurrent calls cannot read the same count.
   */
  async bump(db: Queryable, email: string, kind: ResetLimitKind, windowSec: number): Promise<{ count: number; windowEndsAt: Date }> {
    const { rows } = await db.query<{ count: number; window_ends_at: Date }>(
      `INSERT INTO password_reset_limits AS l (account_key, kind, window_started_at, count)
       VALUES (lower($1), $2, now(), 1)
       ON CONFLICT (account_key, kind) DO UPDATE SET
         count = CASE WHEN l.window_started_at <= now() - make_interval(secs => $3) THEN 1 ELSE l.count + 1 END,
         window_started_at = CASE WHEN l.window_started_at <= now() - make_interval(secs => $3) THEN now() ELSE l.window_started_at END
       RETURNING count, window_started_at + make_interval(secs => $3) AS window_ends_at`,
      [email, kind, windowSec],
    );
    const row = rows[0]!;
    return { count: row.count, windowEndsAt: row.window_ends_at };
  }

  async create(db: Queryable, reset: NewPasswordReset): Promise<void> {
    await db.query('INSERT INTO password_resets (id, user_id, account_key, otp_hash, ip, expires_at) VALUES ($1, $2, lower($3), $4, $5, $6)', [
      reset.id,
      reset.userId,
      reset.email,
      reset.otpHash,
      reset.ip,
      reset.expiresAt,
    ]);
  }

  async find(db: Queryable, id: string): Promise<PasswordReset | null> {
    const { rows } = await db.query<PasswordReset>('SELECT * FROM password_resets WHERE id = $1', [id]);
    return rows[0] ?? null;
  }

  async findForUpdate(db: Queryable, id: string): Promise<PasswordReset | null> {
    const { rows } = await db.query<PasswordReset>('SELECT * FROM password_resets WHERE id = $1 FOR UPDATE', [id]);
    return rows[0] ?? null;
  }

  async countAttempt(db: Queryable, id: string): Promise<void> {
    await db.query('UPDATE password_resets SET attempts = attempts + 1 WHERE id = $1', [id]);
  }

  async markVerified(db: Queryable, id: string): Promise<void> {
    await db.query('UPDATE password_resets SET verified_at = now() WHERE id = $1', [id]);
  }

  async complete(db: Queryable, id: string): Promise<void> {
    await db.query('UPDATE password_resets SET completed_at = now() WHERE id = $1', [id]);
  }

  /** Revokes the user's pending requests (all of them, or all but `except`). */
  async revokePending(db: Queryable, userId: string, except?: string): Promise<number> {
    const result = await db.query(
      `UPDATE password_resets SET revoked_at = now()
        WHERE user_id = $1 AND completed_at IS NULL AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid)`,
      [userId, except ?? null],
    );
    return result.rowCount ?? 0;
  }

  /** Revokes every pending request made for this e-mail (case-folded), known account or not, but `except`. */
  async revokePendingForAccount(db: Queryable, email: string, except?: string): Promise<number> {
    const result = await db.query(
      `UPDATE password_resets SET revoked_at = now()
        WHERE account_key = lower($1) AND completed_at IS NULL AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid)`,
      [email, except ?? null],
    );
    return result.rowCount ?? 0;
  }
}
