import type { Db } from '@marquee/service';

export interface LimitWindows {
  ipWindowSec: number;
  loginMaxFailures: number;
  loginWindowSec: number;
}

export interface LoginLimits {
  blockedUntil: Date | null;
  ipFailures: number;
  ipFailuresSince: Date | null;
  loginRefusedUntil: Date | null;
}

/**
 * Sign-in attempts, counted per address key (`addressKey`: canonical IPv4 or IPv6 /64) and per login
 * (the e-mail or username as typed, case-folded the way the account lookup folds it, so no spelling
 * that finds an account escapes its count), and the addresses blocked for them
 * (`data/login-guard.repository.ts`). An attempt is written as a failure before its password is
 * checked and settled afterwards: attempts in flight count, so forty concurrent guesses are refused
 * like forty sequential ones.
 */
export interface LoginGuardStore {
  /**
   * Serialises admission per address and per login until `db`'s transaction ends, so concurrent
   * attempts cannot all pass the count before any is written.
   */
  lock(db: Db, ipKey: string, login: string): Promise<void>;
  /**
   * What the limits say for an attempt from `ipKey` at `login`: the address's block, its failures
   * (and attempts in flight) since the window started or its last block ended, and, when `login` has
   * `loginMaxFailures` failures in its window, the moment the oldest of those leaves it.
   */
  limits(db: Db, ipKey: string, login: string, windows: LimitWindows): Promise<LoginLimits>;
  /** Writes an attempt as a failure until `settle` says otherwise; returns its id. */
  begin(db: Db, ipKey: string, login: string): Promise<string>;
  settle(db: Db, attemptId: string, success: boolean, userId: string | null): Promise<void>;
  /** Removes an attempt that was never judged (its password could not be checked). */
  discard(db: Db, attemptId: string): Promise<void>;
  /** Blocks the address for `blockSec`; when the block ends. */
  block(db: Db, ipKey: string, failedCount: number, windowStartedAt: Date, blockSec: number): Promise<Date>;
}
