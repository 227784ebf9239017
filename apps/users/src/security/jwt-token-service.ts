import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AppError } from '@marquee/core';
import { ErrorCode } from '@marquee/contracts';
import type { ResetTokenClaims, TokenIssuer } from '../domain/token-issuer';
import type { UserRole } from '../domain/user';
import type { SigningKeys } from './signing-keys';

export interface TokenSettings {
  issuer: string;
  audience: string;
  accessTtlSec: number;
  resetTtlSec: number;
}

/** Signs access and reset tokens with jsonwebtoken (RS256, `kid` header). */
export class JwtTokenService implements TokenIssuer {
  constructor(
    private readonly keys: SigningKeys,
    private readonly settings: TokenSettings,
  ) {}

  get accessTtlSec(): number {
    return this.settings.accessTtlSec;
  }

  jwks(): { keys: Record<string, unknown>[] } {
    return { keys: [{ ...this.keys.jwk }] };
  }

  signAccessToken(user: { id: string; role: UserRole }, sessionId: string): string {
    return jwt.sign({ role: user.role, sid: sessionId, type: 'access' }, this.keys.privateKey, {
      algorithm: 'RS256',
      keyid: this.keys.kid,
      subject: user.id,
      issuer: this.settings.issuer,
      audience: this.settings.audience,
      expiresIn: this.settings.accessTtlSec,
      jwtid: randomUUID(),
    });
  }

  signResetToken(resetId: string): string {
    return jwt.sign({ type: 'forgot_password' }, this.keys.privateKey, {
      algorithm: 'RS256',
      keyid: this.keys.kid,
      subject: resetId,
      issuer: this.settings.issuer,
      audience: this.settings.audience,
      expiresIn: this.settings.resetTtlSec,
    });
  }

  /** Checks a reset token: our key, RS256 only, issuer, audience, expiry and `type: forgot_password`. */
  verifyResetToken(token: string): ResetTokenClaims {
    let payload: string | jwt.JwtPayload;
    try {
      payload = jwt.verify(token, this.keys.publicKey, {
        algorithms: ['RS256'],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
      });
    } catch {
      throw invalidResetToken();
    }
    if (typeof payload !== 'object' || payload.type !== 'forgot_password' || typeof payload.sub !== 'string') {
      throw invalidResetToken();
    }
    return { resetId: payload.sub };
  }
}

function invalidResetToken(): AppError {
  return new AppError(ErrorCode.UNAUTHORIZED, 'The reset token is not valid', {
    headers: { 'WWW-Authenticate': 'Bearer realm="marquee", error="invalid_token"' },
  });
}
