import type { UserRole } from './user';

export interface ResetTokenClaims {
  /** The password reset request (may not exist: forgot-password never reveals accounts). */
  resetId: string;
}

/** Signs the tokens this service issues and publishes the key that verifies them (`security/jwt-token-service.ts`). */
export interface TokenIssuer {
  readonly accessTtlSec: number;
  /** The public keys, as served at `/.well-known/jwks.json`. */
  jwks(): { keys: Record<string, unknown>[] };
  signAccessToken(user: { id: string; role: UserRole }, sessionId: string): string;
  signResetToken(resetId: string): string;
  /** The claims of a reset token this service signed, or a 401 `UNAUTHORIZED`. */
  verifyResetToken(token: string): ResetTokenClaims;
}
