import type { DomainPlatform } from '@marquee/service';
import type { PasswordHasher } from './password-hasher';
import type { TokenService } from './token-service';
import type { UsersRepository } from '../data/users.repository';
import type { SessionsRepository } from '../data/sessions.repository';
import type { PasswordResetsRepository } from '../data/password-resets.repository';
import type { LoginGuardRepository } from '../data/login-guard.repository';

/** What the domain services need from the platform and the data layer (wired in app.ts). */
export interface UsersDeps extends DomainPlatform {
  /** Marks ended sessions in the shared revocation store so every service refuses their tokens at once. */
  revokeSessions(sessionIds: string[]): Promise<void>;
  hasher: PasswordHasher;
  tokens: TokenService;
  users: UsersRepository;
  sessions: SessionsRepository;
  resets: PasswordResetsRepository;
  loginGuard: LoginGuardRepository;
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
