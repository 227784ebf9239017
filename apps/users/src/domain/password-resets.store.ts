import type { Db } from '@marquee/service';

export interface PasswordReset {
  id: string;
  /** Null when the request can never be verified: an unknown e-mail, or one past the hourly bound. */
  user_id: string | null;
  /** The e-mail as typed, case-folded (lower()); limits and revocation go by it. */
  account_key: string;
  otp_hash: string;
  ip: string | null;
  attempts: number;
  expires_at: Date;
  verified_at: Date | null;
  completed_at: Date | null;
  revoked_at: Date | null;
}

export type ResetLimitKind = 'request' | 'guess';

export interface NewPasswordReset {
  id: string;
  userId: string | null;
  email: string;
  otpHash: string;
  ip: string | null;
  expiresAt: Date;
}

/** Password reset requests and their hourly bounds per e-mail, case-folded (`data/password-resets.repository.ts`). */
export interface PasswordResetsStore {
  /**
   * Serialises every reset step of one account (request, verify, change) until `db`'s transaction
   * ends. Taken first, before any row lock, so the steps always lock in one order.
   */
  lockAccount(db: Db, email: string): Promise<void>;
  /**
   * Counts one more `kind` for the account in a window that starts with the first one and lasts
   * `windowSec`: the count including this one and the end of the window. Concurrent calls never
   * read the same count.
   */
  bump(db: Db, email: string, kind: ResetLimitKind, windowSec: number): Promise<{ count: number; windowEndsAt: Date }>;
  create(db: Db, reset: NewPasswordReset): Promise<void>;
  find(db: Db, id: string): Promise<PasswordReset | null>;
  findForUpdate(db: Db, id: string): Promise<PasswordReset | null>;
  countAttempt(db: Db, id: string): Promise<void>;
  markVerified(db: Db, id: string): Promise<void>;
  complete(db: Db, id: string): Promise<void>;
  /** Revokes the user's pending requests (all of them, or all but `except`); how many. */
  revokePending(db: Db, userId: string, except?: string): Promise<number>;
  /** Revokes every pending request made for this e-mail (case-folded), known account or not, but `except`. */
  revokePendingForAccount(db: Db, email: string, except?: string): Promise<number>;
}
