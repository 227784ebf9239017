import type { DomainPlatform } from '@marquee/service';
import type { LoginGuardStore } from './login-guard.store';
import type { PasswordHasher } from './password-hasher';
import type { PasswordResetsStore } from './password-resets.store';
import type { SessionRevocations } from './session-revocations.store';
import type { SessionsStore } from './sessions.store';
import type { TokenIssuer } from './token-issuer';
import type { UsersStore } from './users.store';
import type { DeviceTokens } from './device-tokens';

/**
 * What the domain services need, as interfaces the domain declares: the platform, the stores
 * (implemented in `data/`) and the adapters (in `security/`), wired in app.ts.
 */
export interface UsersDeps extends DomainPlatform {
  /** Ended sessions are marked here so every service refuses their tokens at once. */
  revocations: SessionRevocations;
  hasher: PasswordHasher;
  /** Proof a client signed in to an account before: its sign-ins skip a flood's queue. */
  devices: DeviceTokens;
  tokens: TokenIssuer;
  users: UsersStore;
  sessions: SessionsStore;
  resets: PasswordResetsStore;
  loginGuard: LoginGuardStore;
  settings: {
    refreshTtlSec: number;
    otpTtlSec: number;
    otpMaxAttempts: number;
    /** Forgot-password requests per e-mail (case-folded) an hour that send a code. */
    resetRequestsPerHour: number;
    /** Codes tried per e-mail (case-folded) an hour, over all its reset requests. */
    otpGuessesPerHour: number;
    loginMaxFailures: number;
    loginWindowSec: number;
    ipBlockSec: number;
    /** Failures per e-mail or username (as typed, case-folded) in `loginAccountWindowSec` before a 429. */
    loginAccountMaxFailures: number;
    loginAccountWindowSec: number;
    /** Sign-ins checked at once per address key and per login (in one process) before a 429. */
    loginConcurrentPerAddress: number;
    loginConcurrentPerLogin: number;
  };
}
