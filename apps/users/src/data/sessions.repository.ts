import type { Bounds, Slice } from '@marquee/contracts';
import { pagedQuery, type Queryable } from '@marquee/postgres';
import type { LoginSession, NewSession, RefreshTokenRow, SessionsStore } from '../domain/sessions.store';

export class SessionsRepository implements SessionsStore {
  async create(db: Queryable, session: NewSession): Promise<void> {
    await db.query(
      `INSERT INTO login_sessions (id, user_id, ip, platform, device_name, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [session.id, session.userId, session.ip, session.platform, session.deviceName, session.expiresAt],
    );
  }

  async addRefreshToken(db: Queryable, sessionId: string, hash: string, expiresAt: Date): Promise<void> {
    await db.query('INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES ($1, $2, $3)', [hash, sessionId, expiresAt]);
    await db.query('UPDATE login_sessions SET expires_at = $2, last_seen_at = now() WHERE id = $1', [sessionId, expiresAt]);
  }

  /** Locks the refresh token row so two refreshes with one token cannot both win. */
  async findRefreshToken(db: Queryable, hash: string): Promise<RefreshTokenRow | null> {
    const { rows } = await db.query<RefreshTokenRow>(
      `SELECT t.token_hash, t.session_id, t.expires_at, t.used_at, s.user_id, s.status AS session_status
         FROM refresh_tokens t JOIN login_sessions s ON s.id = t.session_id
        WHERE t.token_hash = $1 FOR UPDATE OF t`,
      [hash],
    );
    return rows[0] ?? null;
  }

  async markUsed(db: Queryable, hash: string): Promise<void> {
    await db.query('UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1', [hash]);
  }

  /** Spends every refresh token of these sessions. */
  async spendTokens(db: Queryable, sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    await db.query('UPDATE refresh_tokens SET used_at = coalesce(used_at, now()) WHERE session_id = ANY($1::uuid[])', [sessionIds]);
  }

  async listActive(db: Queryable, userId: string, bounds: Bounds): Promise<Slice<LoginSession>> {
    await db.query(
      `UPDATE login_sessions SET status = 'expired', ended_at = expires_at, end_reason = 'expired'
        WHERE user_id = $1 AND status = 'active' AND expires_at <= now()`,
      [userId],
    );
    return pagedQuery<LoginSession>(
      db,
      { sql: `SELECT * FROM login_sessions WHERE user_id = $1 AND status = 'active'`, params: [userId], orderBy: 'started_at DESC, id' },
      bounds,
    );
  }

  /**
   * Ends sessions and spends their refresh tokens; returns the ids that were active, which the
   * caller revokes in Redis. `only` narrows to some sessions, `except` keeps one alive.
   */
  async end(
    db: Queryable,
    userId: string,
    reason: string,
    { only, except, status = 'terminated' }: { only?: string[]; except?: string; status?: 'terminated' | 'expired' } = {},
  ): Promise<string[]> {
    // Lock order: the sessions' refresh tokens first, then the sessions, as a refresh takes them
    // (its token, then its session). The other order deadlocks a refresh racing a logout.
    await db.query(
      `SELECT 1 FROM refresh_tokens t JOIN login_sessions s ON s.id = t.session_id
        WHERE s.user_id = $1 AND s.status = 'active'
          AND ($2::uuid[] IS NULL OR s.id = ANY($2::uuid[]))
          AND ($3::uuid IS NULL OR s.id <> $3::uuid)
        ORDER BY t.token_hash
        FOR UPDATE OF t`,
      [userId, only ?? null, except ?? null],
    );
    const { rows } = await db.query<{ id: string }>(
      `UPDATE login_sessions SET status = $2, ended_at = now(), end_reason = $3
        WHERE user_id = $1 AND status = 'active'
          AND ($4::uuid[] IS NULL OR id = ANY($4::uuid[]))
          AND ($5::uuid IS NULL OR id <> $5::uuid)
        RETURNING id`,
      [userId, status, reason, only ?? null, except ?? null],
    );
    const ids = rows.map((r) => r.id);
    await this.spendTokens(db, ids);
    return ids;
  }
}
