import { createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { AppError } from '@marquee/core';
import { ErrorCode } from '@marquee/contracts';
import type { UsersDeps } from './ports';

/** The hourly bounds on requests and guesses count in windows this long. */
const LIMIT_WINDOW_SEC = 3600;

/**
 * forgot-password → verify → change. The 6-digit code is stored as an HMAC (keyed per service,
 * salted with the request id) and leaves the service only in `user.password_reset_requested`.
 *
 * No answer may tell whether an e-mail has an account. Every request therefore writes a reset row,
 * and every later step runs the same checks, in the same order, on it; a row with no user (an
 * unknown e-mail, or a request past the hourly bound) simply never verifies. Limits, revocation
 * and the per-account lock go by the e-mail as typed, case-folded (`account_key`), never by
 * whether a user was found, so they too behave alike.
 *
 * Past the bounds (the decision): a request still answers 202 with a reset token, which can never
 * verify and revokes nothing, and no code is sent; a guess answers 429 `RATE_LIMITED` with
 * `Retry-After`, for unknown e-mails exactly as for real ones, since both are counted the same way.
 * A 429 rather than "wrong code": the owner holding the right code learns to wait instead of
 * asking for new codes that would not come.
 */
export class PasswordResetService {
  constructor(
    private readonly deps: UsersDeps,
    private readonly otpKey: Buffer,
  ) {}

  private hashOtp(resetId: string, otp: string): string {
    return createHmac('sha256', this.otpKey).update(`${resetId}:${otp}`).digest('hex');
  }

  /** Always returns a reset token; a code (and the e-mail event) exists only for a real account within the bound. */
  async request(email: string, ip: string): Promise<{ reset_token: string; expires_in: number }> {
    const { deps } = this;
    const { settings } = deps;
    const typed = email.trim();
    const resetId = randomUUID();
    const user = await deps.users.findByEmail(deps.db, typed);
    const otp = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(Date.now() + settings.otpTtlSec * 1000);
    const outcome = await deps.transaction(async (db) => {
      await deps.resets.lockAccount(db, typed);
      const requests = await deps.resets.bump(db, typed, 'request', LIMIT_WINDOW_SEC);
      const withinBound = requests.count <= settings.resetRequestsPerHour;
      // A request past the bound revokes nothing: flooding an e-mail must not cancel its owner's code.
      if (withinBound) await deps.resets.revokePendingForAccount(db, typed);
      const real = user !== null && withinBound;
      // A row that can never verify gets the HMAC of a secret nobody knows, not of a 6-digit code.
      const otpHash = this.hashOtp(resetId, real ? otp : randomBytes(32).toString('hex'));
      await deps.resets.create(db, { id: resetId, userId: real ? user.id : null, email: typed, otpHash, ip, expiresAt });
      if (real) {
        await deps.publish(db, 'user.password_reset_requested', {
          user_id: user.id,
          email: user.email,
          name: user.name,
          otp_code: otp,
          expires_at: expiresAt.toISOString(),
        });
      }
      return real ? 'sent' : withinBound ? 'unknown' : 'over-bound';
    });
    if (outcome === 'sent') deps.logger.info('password reset requested', { user_id: user?.id, reset_id: resetId, ip });
    else if (outcome === 'unknown') deps.logger.info('password reset requested for an unknown e-mail', { reset_id: resetId, ip });
    else deps.logger.warn('password reset requests past the hourly bound for one e-mail: no code sent', { reset_id: resetId, ip, known: user !== null });
    return { reset_token: deps.tokens.signResetToken(resetId), expires_in: settings.otpTtlSec };
  }

  async verify(resetId: string, otp: string, ip: string): Promise<void> {
    const { deps } = this;
    const { settings } = deps;
    // The attempt is counted (committed) before a wrong code is reported.
    const outcome = await deps.transaction(async (db) => {
      const found = await deps.resets.find(db, resetId);
      if (!found) return { kind: 'invalid' as const };
      await deps.resets.lockAccount(db, found.account_key);
      const reset = await deps.resets.findForUpdate(db, resetId);
      if (!reset || reset.completed_at || reset.revoked_at) return { kind: 'invalid' as const };
      if (reset.expires_at.getTime() <= Date.now()) return { kind: 'expired' as const };
      if (reset.ip !== ip) return { kind: 'other-ip' as const };
      if (reset.attempts >= settings.otpMaxAttempts) return { kind: 'too-many' as const };
      const guesses = await deps.resets.bump(db, reset.account_key, 'guess', LIMIT_WINDOW_SEC);
      if (guesses.count > settings.otpGuessesPerHour) return { kind: 'rate-limited' as const, until: guesses.windowEndsAt };
      await deps.resets.countAttempt(db, resetId);
      const expected = Buffer.from(reset.otp_hash, 'hex');
      const given = Buffer.from(this.hashOtp(resetId, otp), 'hex');
      const matches = expected.length === given.length && timingSafeEqual(expected, given);
      if (!matches || !reset.user_id) return { kind: 'wrong' as const };
      await deps.resets.markVerified(db, resetId);
      return { kind: 'ok' as const };
    });
    switch (outcome.kind) {
      case 'ok':
        deps.logger.info('password reset verified', { reset_id: resetId });
        return;
      case 'other-ip':
        throw AppError.forbidden('The code must be entered from the address that asked for it');
      case 'too-many':
        throw new AppError(ErrorCode.TOO_MANY_ATTEMPTS, 'Too many wrong codes; ask for a new one', { status: 403 });
      case 'rate-limited': {
        deps.logger.warn('password reset guesses past the hourly bound for one e-mail', { reset_id: resetId, ip });
        const retryAfter = Math.max(1, Math.ceil((outcome.until.getTime() - Date.now()) / 1000));
        throw new AppError(ErrorCode.RATE_LIMITED, 'Too many codes tried for this e-mail; try again later', {
          headers: { 'Retry-After': String(retryAfter) },
        });
      }
      case 'expired':
        throw new AppError(ErrorCode.INVALID_OTP, 'The code has expired; ask for a new one', { status: 400 });
      default:
        throw new AppError(ErrorCode.INVALID_OTP, 'The code is not valid', { status: 400 });
    }
  }

  /** Sets the new password on a verified request, ends every session and every other pending request. */
  async change(resetId: string, newPassword: string, ip: string): Promise<void> {
    const { deps } = this;
    // Hashed before anything is checked, so every answer takes the same time.
    const hash = await deps.hasher.hash(newPassword);
    const outcome = await deps.transaction(async (db) => {
      const found = await deps.resets.find(db, resetId);
      if (!found) return { kind: 'invalid' as const };
      await deps.resets.lockAccount(db, found.account_key);
      const reset = await deps.resets.findForUpdate(db, resetId);
      if (!reset || reset.completed_at || reset.revoked_at || reset.expires_at.getTime() <= Date.now()) return { kind: 'invalid' as const };
      if (reset.ip !== ip) return { kind: 'other-ip' as const };
      if (!reset.verified_at || !reset.user_id) return { kind: 'unverified' as const };
      await deps.users.setPassword(db, reset.user_id, hash);
      await deps.resets.complete(db, resetId);
      await deps.resets.revokePendingForAccount(db, reset.account_key, resetId);
      await deps.resets.revokePending(db, reset.user_id, resetId);
      const ended = await deps.sessions.end(db, reset.user_id, 'password reset');
      return { kind: 'ok' as const, ended, userId: reset.user_id };
    });
    if (outcome.kind === 'invalid') throw new AppError(ErrorCode.INVALID_OTP, 'This reset request is not valid any more', { status: 400 });
    if (outcome.kind === 'other-ip') throw AppError.forbidden('The password must be changed from the address that asked for the reset');
    if (outcome.kind === 'unverified') throw new AppError(ErrorCode.RESET_NOT_VERIFIED, 'Verify the code first', { status: 409 });
    await deps.revocations.revoke(outcome.ended);
    deps.logger.info('password reset completed', { user_id: outcome.userId, sessions_ended: outcome.ended.length });
  }
}
