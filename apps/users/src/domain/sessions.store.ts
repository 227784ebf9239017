import type { Bounds, Slice } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import type { ClientPlatform } from './user';

export interface LoginSession {
  id: string;
  user_id: string;
  ip: string | null;
  platform: ClientPlatform;
  device_name: string | null;
  started_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  status: 'active' | 'terminated' | 'expired';
}

export interface RefreshTokenRow {
  token_hash: string;
  session_id: string;
  expires_at: Date;
  used_at: Date | null;
  user_id: string;
  session_status: LoginSession['status'];
}

export interface NewSession {
  id: string;
  userId: string;
  ip: string | null;
  platform: ClientPlatform;
  deviceName: string | null;
  expiresAt: Date;
}

/** Sign-in sessions and their single-use refresh tokens (`data/sessions.repository.ts`). */
export interface SessionsStore {
  create(db: Db, session: NewSession): Promise<void>;
  /** Adds a refresh token to a session and extends the session to its expiry. */
  addRefreshToken(db: Db, sessionId: string, hash: string, expiresAt: Date): Promise<void>;
  /** Locks the refresh token until `db`'s transaction ends, so two refreshes with one token cannot both win. */
  findRefreshToken(db: Db, hash: string): Promise<RefreshTokenRow | null>;
  markUsed(db: Db, hash: string): Promise<void>;
  /** Spends every refresh token of these sessions. */
  spendTokens(db: Db, sessionIds: string[]): Promise<void>;
  /** The user's active sessions, newest first (those past their expiry are marked expired first). */
  listActive(db: Db, userId: string, bounds: Bounds): Promise<Slice<LoginSession>>;
  /**
   * Ends sessions and spends their refresh tokens; returns the ids that were active, which the
   * caller revokes. `only` narrows to some sessions, `except` keeps one alive.
   */
  end(db: Db, userId: string, reason: string, options?: { only?: string[]; except?: string; status?: 'terminated' | 'expired' }): Promise<string[]>;
}
