import type { Queryable } from '@marquee/postgres';

export interface PasswordReset {
  id: string;
  user_id: string;
  otp_hash: string;
  ip: string | null;
  attempts: number;
  expires_at: Date;
  verified_at: Date | null;
  completed_at: Date | null;
  revoked_at: Date | null;
}

export class PasswordResetsRepository {
  async create(db: Queryable, reset: { id: string; userId: string; otpHash: string; ip: string | null; expiresAt: Date }): Promise<void> {
    await db.query('INSERT INTO password_resets (id, user_id, otp_hash, ip, expires_at) VALUES ($1, $2, $3, $4, $5)', [
      reset.id,
      reset.userId,
      reset.otpHash,
      reset.ip,
      reset.expiresAt,
    ]);
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
}
