import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '@marquee/core';
import { ErrorCode } from '@marquee/contracts';
import { isUniqueViolation, type Queryable } from '@marquee/postgres';
import { EMAIL_CONSTRAINT, USERNAME_CONSTRAINT } from '../data/users.repository';
import type { UsersDeps } from './ports';
import { hashRefreshToken } from './token-service';
import { displayName, publicUser, splitName, userSnapshot, type Platform, type PublicUser, type User, type UserRole } from './user';

export interface Registration {
  email: string;
  password: string;
  username?: string | null;
  name?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  city?: string | null;
  country?: string | null;
  phone_number?: string | null;
  genres?: string[];
  role?: UserRole;
}

export interface ClientInfo {
  ip: string;
  platform: Platform;
  deviceName: string | null;
}

export interface AuthResult {
  user: PublicUser;
  access_token: string;
  refresh_token: string;
  token_type: 'bearer';
  expires_in: number;
}

export class AuthService {
  private dummyHash?: Promise<string>;

  constructor(private readonly deps: UsersDeps) {}

  /** A hash to compare against when the account does not exist, so both failures take as long. */
  private dummy(): Promise<string> {
    this.dummyHash ??= this.deps.hasher.hash(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }

  async warmUp(): Promise<void> {
    await this.dummy();
  }

  /** Creates the account (and its `user.registered` event) in one transaction. */
  async createUser(input: Registration, db?: Queryable): Promise<User> {
    const { deps } = this;
    const passwordHash = await deps.hasher.hash(input.password);
    const names = input.name && !input.first_name && !input.last_name ? splitName(input.name) : { first_name: input.first_name ?? null, last_name: input.last_name ?? null };
    const run = async (client: Queryable) => {
      const user = await deps.users.insert(client, {
        id: randomUUID(),
        email: input.email.trim(),
        username: input.username ?? null,
        name: displayName({ name: input.name, ...names, username: input.username }),
        ...names,
        city: input.city ?? null,
        country: input.country ?? null,
        phone_number: input.phone_number ?? null,
        genres: input.genres ?? [],
        role: input.role ?? 'user',
        password_hash: passwordHash,
      });
      await deps.publish(client, 'user.registered', userSnapshot(user));
      return user;
    };
    try {
      return db ? await run(db) : await deps.transaction(run);
    } catch (error) {
      throw translateUniqueViolation(error);
    }
  }

  async register(input: Registration, client: ClientInfo): Promise<AuthResult> {
    const user = await this.createUser(input);
    this.deps.logger.info('user registered', { user_id: user.id, ip: client.ip });
    return this.startSession(user, client);
  }

  async login(login: string, password: string, client: ClientInfo): Promise<AuthResult> {
    const { deps } = this;
    const blockedUntil = await deps.loginGuard.blockedUntil(deps.db, client.ip);
    if (blockedUntil) throw ipBlocked(blockedUntil);

    const user = await deps.users.findByLogin(deps.db, login);
    const ok = await deps.hasher.compare(password, user?.password_hash ?? (await this.dummy()));
    if (!user || !ok) {
      await deps.loginGuard.record(deps.db, client.ip, false, user?.id ?? null);
      const failures = await deps.loginGuard.recentFailures(deps.db, client.ip, deps.settings.loginWindowSec);
      deps.logger.warn('login failed', { ip: client.ip, user_id: user?.id, reason: user ? 'wrong password' : 'unknown account', failures: failures.count });
      if (failures.count >= deps.settings.loginMaxFailures) {
        const until = await deps.loginGuard.block(deps.db, client.ip, failures.count, failures.since ?? new Date(), deps.settings.ipBlockSec);
        deps.logger.warn('ip blocked after repeated login failures', { ip: client.ip, blocked_until: until.toISOString() });
      }
      throw new AppError(ErrorCode.INVALID_CREDENTIALS, 'The e-mail, username or password is wrong');
    }
    await deps.loginGuard.record(deps.db, client.ip, true, user.id);
    const result = await this.startSession(user, client);
    deps.logger.info('login succeeded', { user_id: user.id, ip: client.ip, platform: client.platform });
    return result;
  }

  private async startSession(user: User, client: ClientInfo): Promise<AuthResult> {
    const { deps } = this;
    const sessionId = randomUUID();
    const refresh = deps.tokens.newRefreshToken();
    const expiresAt = new Date(Date.now() + deps.settings.refreshTtlSec * 1000);
    await deps.transaction(async (db) => {
      await deps.sessions.create(db, { id: sessionId, userId: user.id, ip: client.ip, platform: client.platform, deviceName: client.deviceName, expiresAt });
      await deps.sessions.addRefreshToken(db, sessionId, refresh.hash, expiresAt);
    });
    return this.result(user, sessionId, refresh.token);
  }

  private result(user: User, sessionId: string, refreshToken: string): AuthResult {
    return {
      user: publicUser(user),
      access_token: this.deps.tokens.signAccessToken(user, sessionId),
      refresh_token: refreshToken,
      token_type: 'bearer',
      expires_in: this.deps.tokens.accessTtlSec,
    };
  }

  /**
   * Rotates a refresh token. A token already used means it leaked (or was stolen): the whole
   * session ends and its access tokens are revoked (RFC 6819 §4.14.2).
   */
  async refresh(refreshToken: string): Promise<AuthResult> {
    const { deps } = this;
    const hash = hashRefreshToken(refreshToken);
    const outcome = await deps.transaction(async (db) => {
      const row = await deps.sessions.findRefreshToken(db, hash);
      if (!row) return { kind: 'invalid' as const };
      if (row.used_at) {
        const ended = await deps.sessions.end(db, row.user_id, 'refresh token reused', { only: [row.session_id] });
        return { kind: 'reused' as const, ended, userId: row.user_id, sessionId: row.session_id };
      }
      if (row.session_status !== 'active') return { kind: 'invalid' as const };
      if (row.expires_at.getTime() <= Date.now()) {
        await deps.sessions.end(db, row.user_id, 'expired', { only: [row.session_id], status: 'expired' });
        return { kind: 'invalid' as const };
      }
      const user = await deps.users.findById(db, row.user_id);
      if (!user) return { kind: 'invalid' as const };
      await deps.sessions.markUsed(db, hash);
      const next = deps.tokens.newRefreshToken();
      await deps.sessions.addRefreshToken(db, row.session_id, next.hash, new Date(Date.now() + deps.settings.refreshTtlSec * 1000));
      return { kind: 'ok' as const, user, sessionId: row.session_id, token: next.token };
    });
    if (outcome.kind === 'reused') {
      await deps.revokeSessions(outcome.ended);
      deps.logger.warn('refresh token reused: session ended', { user_id: outcome.userId, session_id: outcome.sessionId });
      throw new AppError(ErrorCode.REFRESH_TOKEN_REUSED, 'This refresh token was already used; the session has been ended', { status: 401 });
    }
    if (outcome.kind === 'invalid') throw new AppError(ErrorCode.INVALID_REFRESH_TOKEN, 'The refresh token is not valid', { status: 401 });
    return this.result(outcome.user, outcome.sessionId, outcome.token);
  }

  async logout(userId: string, sessionId: string): Promise<void> {
    const ended = await this.deps.transaction((db) => this.deps.sessions.end(db, userId, 'logout', { only: [sessionId] }));
    // Revoke even when the row was already ended: the token in hand must stop working.
    await this.deps.revokeSessions(ended.length ? ended : [sessionId]);
    this.deps.logger.info('logged out', { user_id: userId, session_id: sessionId });
  }

  async listSessions(userId: string, page: number, limit: number) {
    return this.deps.sessions.listActive(this.deps.db, userId, limit, (page - 1) * limit);
  }

  async endSession(userId: string, sessionId: string): Promise<void> {
    const ended = await this.deps.transaction((db) => this.deps.sessions.end(db, userId, 'ended by user', { only: [sessionId] }));
    if (ended.length === 0) throw AppError.notFound('The session');
    await this.deps.revokeSessions(ended);
  }

  /** Checks the old password, sets the new one, ends every other session and rotates this one. */
  async changePassword(userId: string, sessionId: string, oldPassword: string, newPassword: string): Promise<AuthResult> {
    const { deps } = this;
    const user = await deps.users.findById(deps.db, userId);
    if (!user) throw AppError.notFound('The user');
    if (!(await deps.hasher.compare(oldPassword, user.password_hash))) {
      throw new AppError(ErrorCode.INVALID_CREDENTIALS, 'The current password is wrong');
    }
    const hash = await deps.hasher.hash(newPassword);
    const next = deps.tokens.newRefreshToken();
    const ended = await deps.transaction(async (db) => {
      await deps.users.setPassword(db, userId, hash);
      const others = await deps.sessions.end(db, userId, 'password changed', { except: sessionId });
      await deps.sessions.spendTokens(db, [sessionId]);
      await deps.sessions.addRefreshToken(db, sessionId, next.hash, new Date(Date.now() + deps.settings.refreshTtlSec * 1000));
      await deps.resets.revokePending(db, userId);
      return others;
    });
    await deps.revokeSessions(ended);
    deps.logger.info('password changed', { user_id: userId, sessions_ended: ended.length });
    return this.result(user, sessionId, next.token);
  }
}

export function translateUniqueViolation(error: unknown): unknown {
  if (isUniqueViolation(error, EMAIL_CONSTRAINT)) return AppError.conflict(ErrorCode.EMAIL_TAKEN, 'An account with this e-mail already exists');
  if (isUniqueViolation(error, USERNAME_CONSTRAINT)) return AppError.conflict(ErrorCode.USERNAME_TAKEN, 'This username is taken');
  return error;
}

function ipBlocked(until: Date): AppError {
  const retryAfter = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  return new AppError(ErrorCode.IP_BLOCKED, 'Too many failed logins from this address; try again later', {
    details: { blocked_until: until.toISOString() },
    headers: { 'Retry-After': String(retryAfter) },
  });
}
