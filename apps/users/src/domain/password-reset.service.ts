import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { AppError } from '@marquee/core';
import { ErrorCode } from '@marquee/contracts';
import type { UsersDeps } from './ports';

/**
 * forgot-password → verify → change. The 6-digit code is stored as an HMAC (keyed per service,
 * salted with the request id) and leaves the service only in `user.password_reset_requested`.
 */
export class PasswordResetService {
  constructor(
    private readonly deps: UsersDeps,
    private readonly otpKey: Buffer,
  ) {}

  private hashOtp(resetId: string, otp: string): string {
    return createHmac('sha256', this.otpKey).update(`${resetId}:${otp}`).digest('hex');
  }

  /** Always returns a reset token; a request (and the e-mail event) exists only for a real account. */
  async request(email: string, ip: string): Promise<{ reset_token: string; expires_in: number }> {
    const { deps } = this;
    const resetId = randomUUID();
    const user = await deps.users.findByEmail(deps.db, email.trim());
    if (user) {
      const otp = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAt = new Date(Date.now() + deps.settings.otpTtlSec * 1000);
      await deps.transaction(async (db) => {
        await deps.resets.create(db, { id: resetId, userId: user.id, otpHash: this.hashOtp(resetId, otp), ip, expiresAt });
        await deps.publish(db, 'user.password_reset_requested', {
          user_id: user.id,
          email: user.email,
          name: user.name,
          otp_code: otp,
          expires_at: expiresAt.toISOString(),
        });
      });
      deps.logger.info('password reset requested', { user_id: user.id, reset_id: resetId, ip });
    } else {
      deps.logger.info('password reset requested for an unknown e-mail', { ip });
    }
    return { reset_token: deps.tokens.signResetToken(resetId), expires_in: deps.settings.otpTtlSec };
  }

  async verify(resetId: string, otp: string, ip: string): Promise<void> {
    const { deps } = this;
    // The attempt is counted (committed) before a wrong code is reported.
    const outcome = await deps.transaction(async (db) => {
      const reset = await deps.resets.findForUpdate(db, resetId);
      if (!reset || reset.completed_at || reset.revoked_at) return 'invalid' as const;
      if (reset.expires_at.getTime() <= Date.now()) return 'expired' as const;
      if (reset.ip !== ip) return 'other-ip' as const;
      if (reset.attempts >= deps.settings.otpMaxAttempts) return 'too-many' as const;
      await deps.resets.countAttempt(db, resetId);
      const expected = Buffer.from(reset.otp_hash, 'hex');
      const given = Buffer.from(this.hashOtp(resetId, otp), 'hex');
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'wrong' as const;
      await deps.resets.markVerified(db, resetId);
      return 'ok' as const;
    });
    switch (outcome) {
      case 'ok':
        deps.logger.info('password reset verified', { reset_id: resetId });
        return;
      case 'other-ip':
        throw AppError.forbidden('The code must be entered from the address that asked for it');
      case 'too-many':
        throw new AppError(ErrorCode.TOO_MANY_ATTEMPTS, 'Too many wrong codes; ask for a new one', { status: 403 });
      case 'expired':
        throw new AppError(ErrorCode.INVALID_OTP, 'The code has expired; ask for a new one', { status: 400 });
      default:
        throw new AppError(ErrorCode.INVALID_OTP, 'The code is not valid', { status: 400 });
    }
  }

  /** Sets the new password on a verified request, ends every session and every other pending request. */
  async change(resetId: string, newPassword: string, ip: string): Promise<void> {
    const { deps } = this;
    const hash = await deps.hasher.hash(newPassword);
    const outcome = await deps.transaction(async (db) => {
      const reset = await deps.resets.findForUpdate(db, resetId);
      if (!reset || reset.completed_at || reset.revoked_at || reset.expires_at.getTime() <= Date.now()) return { kind: 'invalid' as const };
      if (reset.ip !== ip) return { kind: 'other-ip' as const };
      if (!reset.verified_at) return { kind: 'unverified' as const };
      await deps.users.setPassword(db, reset.user_id, hash);
      await deps.resets.complete(db, resetId);
      await deps.resets.revokePending(db, reset.user_id, resetId);
      const ended = await deps.sessions.end(db, reset.user_id, 'password reset');
      return { kind: 'ok' as const, ended, userId: reset.user_id };
    });
    if (outcome.kind === 'invalid') throw new AppError(ErrorCode.INVALID_OTP, 'This reset request is not valid any more', { status: 400 });
    if (outcome.kind === 'other-ip') throw AppError.forbidden('The password must be changed from the address that asked for the reset');
    if (outcome.kind === 'unverified') throw new AppError(ErrorCode.RESET_NOT_VERIFIED, 'Verify the code first', { status: 409 });
    await deps.revokeSessions(outcome.ended);
    deps.logger.info('password reset completed', { user_id: outcome.userId, sessions_ended: outcome.ended.length });
  }
}
