import { randomBytes, randomUUID } from 'node:crypto';
import { addressKey, AppError } from '@marquee/core';
import { ErrorCode, type Bounds, type Slice } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import type { UsersDeps } from './ports';
import { hashRefreshToken, newRefreshToken } from './refresh-token';
import type { LoginSession } from './sessions.store';
import { displayName, publicUser, splitName, userSnapshot, type ClientPlatform, type PublicUser, type User, type UserRole } from './user';

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
  /** Canonical address (`clientAddress`): stored in the session; limits key it by `addressKey`. */
  ip: string;
  platform: ClientPlatform;
  deviceName: string | null;
  /** The `marquee_device` cookie, when the client sent one (see `DeviceTokens`). */
  deviceToken?: string | null;
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
  private readonly refusals = new RefusalMemo(10_000);
  private readonly inFlight = new InFlight();

  constructor(private readonly deps: UsersDeps) {}

  /**
   * A hash to compare against when the account does not exist, so both failures take as long. The
   * comparison goes through the same bounded queue as any other.
   */
  private dummy(): Promise<string> {
    this.dummyHash ??= this.deps.hasher.hash(randomBytes(16).toString('hex')).catch((error: unknown) => {
      this.dummyHash = undefined;
      throw error;
    });
    return this.dummyHash;
  }

  async warmUp(): Promise<void> {
    await this.dummy();
  }

  /** Creates the account (and its `user.registered` event) in one transaction, or in `db`'s. */
  /** `id` is for fixed demo accounts that other services' demo data name; otherwise a new UUID. */
  async createUser(input: Registration & { id?: string }, db?: Db): Promise<User> {
    const passwordHash = await this.deps.hasher.hash(input.password);
    return db ? this.insertUser(db, input, passwordHash) : this.deps.transaction((client) => this.insertUser(client, input, passwordHash));
  }

  /** Throws 409 `EMAIL_TAKEN` or `USERNAME_TAKEN` (from the store). */
  private async insertUser(db: Db, input: Registration & { id?: string }, passwordHash: string): Promise<User> {
    const { deps } = this;
    const names = input.name && !input.first_name && !input.last_name ? splitName(input.name) : { first_name: input.first_name ?? null, last_name: input.last_name ?? null };
    const user = await deps.users.insert(db, {
      id: input.id ?? randomUUID(),
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
    await deps.publish(db, 'user.registered', userSnapshot(user));
    return user;
  }

  /** The account, its event and its first session in one transaction: a failed registration writes nothing. */
  async register(input: Registration, client: ClientInfo): Promise<AuthResult> {
    const { deps } = this;
    const passwordHash = await deps.hasher.hash(input.password);
    const opened = await deps.transaction(async (db) => {
      const user = await this.insertUser(db, input, passwordHash);
      return { user, ...(await this.openSession(db, user, client)) };
    });
    deps.logger.info('user registered', { user_id: opened.user.id, ip: client.ip });
    return this.result(opened.user, opened.sessionId, opened.refreshToken);
  }

  /**
   * Every limit is judged before any password is hashed: the address's block, its failures, and the
   * failures of the login as typed (known account or not, so no answer tells one from the other).
   * The attempt is written before its password is checked, so attempts in flight count too.
   */
  async login(login: string, password: string, client: ClientInfo): Promise<AuthResult> {
    const ipKey = addressKey(client.ip);
    const loginKey = login.toLowerCase();
    const remembered = this.refusals.get(`ip:${ipKey}`) ?? this.refusals.get(`login:${loginKey}`);
    if (remembered) throw remembered;
    // However many guesses the limits still allow an address or a login, only a few may be
    // hashed at once: a flood cannot take every password worker while it spends its allowance.
    const leave = this.inFlight.enter([
      [`ip:${ipKey}`, this.deps.settings.loginConcurrentPerAddress],
      [`login:${loginKey}`, this.deps.settings.loginConcurrentPerLogin],
    ]);
    if (!leave) throw tooManyAtOnce();
    try {
      return await this.checkPassword(ipKey, loginKey, login, password, client);
    } finally {
      leave();
    }
  }

  private async checkPassword(ipKey: string, loginKey: string, login: string, password: string, client: ClientInfo): Promise<AuthResult> {
    const { deps } = this;
    // A known device of some account: checked in the password workers' own lane if it is this one's.
    const deviceUser = deps.devices.userOf(client.deviceToken);
    const attemptId = await this.admit(ipKey, loginKey, login, client, deviceUser !== null);

    let user: User | null;
    let ok: boolean;
    try {
      user = await deps.users.findByLogin(deps.db, login);
      ok = await deps.hasher.compare(password, user?.password_hash ?? (await this.dummy()), user !== null && user.id === deviceUser);
    } catch (error) {
      // Never judged (the password queue was full, the database failed): the attempt does not count.
      await deps.loginGuard.discard(deps.db, attemptId).catch(() => undefined);
      throw error;
    }
    if (!user || !ok) {
      await deps.loginGuard.settle(deps.db, attemptId, false, user?.id ?? null);
      deps.logger.warn('login failed', { ip: client.ip, user_id: user?.id, reason: user ? 'wrong password' : 'unknown account' });
      throw new AppError(ErrorCode.INVALID_CREDENTIALS, 'The e-mail, username or password is wrong');
    }
    const signedIn = user;
    let session: { sessionId: string; refreshToken: string };
    try {
      session = await deps.transaction(async (db) => {
        await deps.loginGuard.settle(db, attemptId, true, signedIn.id);
        return this.openSession(db, signedIn, client);
      });
    } catch (error) {
      await deps.loginGuard.discard(deps.db, attemptId).catch(() => undefined);
      throw error;
    }
    deps.logger.info('login succeeded', { user_id: signedIn.id, ip: client.ip, platform: client.platform });
    return this.result(signedIn, session.sessionId, session.refreshToken);
  }

  /**
   * Lets an attempt through the limits and writes it (as a failure until settled), or throws the
   * refusal. Refusals are cheap on purpose, since a flood is mostly refusals: one already decided
   * was answered from memory, then come a full password queue and one read of the limits; only an
   * attempt that passes them takes the locks that make the count exact under concurrency.
   */
  private async admit(ipKey: string, loginKey: string, login: string, client: ClientInfo, knownDevice: boolean): Promise<string> {
    const { deps, refusals } = this;
    const { settings } = deps;
    deps.hasher.assertRoom(knownDevice);
    const windows = { ipWindowSec: settings.loginWindowSec, loginMaxFailures: settings.loginAccountMaxFailures, loginWindowSec: settings.loginAccountWindowSec };

    const quick = await deps.loginGuard.limits(deps.db, ipKey, login, windows);
    if (quick.blockedUntil) throw refusals.remember(`ip:${ipKey}`, ipBlocked(quick.blockedUntil), quick.blockedUntil);
    if (quick.loginRefusedUntil) throw refusals.remember(`login:${loginKey}`, loginThrottled(quick.loginRefusedUntil), quick.loginRefusedUntil);

    type Admission = { attemptId: string } | { refused: AppError; key: string; until: Date };
    const admission = await deps.transaction(async (db): Promise<Admission> => {
      await deps.loginGuard.lock(db, ipKey, login);
      const limits = await deps.loginGuard.limits(db, ipKey, login, windows);
      if (limits.blockedUntil) return { refused: ipBlocked(limits.blockedUntil), key: `ip:${ipKey}`, until: limits.blockedUntil };
      if (limits.ipFailures >= settings.loginMaxFailures) {
        const until = await deps.loginGuard.block(db, ipKey, limits.ipFailures, limits.ipFailuresSince ?? new Date(), settings.ipBlockSec);
        deps.logger.warn('ip blocked after repeated login failures', { ip: ipKey, failures: limits.ipFailures, blocked_until: until.toISOString() });
        return { refused: ipBlocked(until), key: `ip:${ipKey}`, until };
      }
      if (limits.loginRefusedUntil) {
        deps.logger.warn('login throttled after repeated failures for one e-mail or username', { ip: client.ip, until: limits.loginRefusedUntil.toISOString() });
        return { refused: loginThrottled(limits.loginRefusedUntil), key: `login:${loginKey}`, until: limits.loginRefusedUntil };
      }
      return { attemptId: await deps.loginGuard.begin(db, ipKey, login) };
    });
    // Remembered once committed: the block it repeats is then on record for every replica.
    if ('refused' in admission) throw refusals.remember(admission.key, admission.refused, admission.until);
    return admission.attemptId;
  }

  private async openSession(db: Db, user: User, client: ClientInfo): Promise<{ sessionId: string; refreshToken: string }> {
    const { deps } = this;
    const sessionId = randomUUID();
    const refresh = newRefreshToken();
    const expiresAt = new Date(Date.now() + deps.settings.refreshTtlSec * 1000);
    await deps.sessions.create(db, { id: sessionId, userId: user.id, ip: client.ip, platform: client.platform, deviceName: client.deviceName, expiresAt });
    await deps.sessions.addRefreshToken(db, sessionId, refresh.hash, expiresAt);
    return { sessionId, refreshToken: refresh.token };
  }

  /** The device token a client that just signed in as `userId` keeps (the `marquee_device` cookie). */
  deviceToken(userId: string): { token: string; maxAgeSec: number } {
    return { token: this.deps.devices.issue(userId), maxAgeSec: this.deps.devices.maxAgeSec };
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
      const next = newRefreshToken();
      await deps.sessions.addRefreshToken(db, row.session_id, next.hash, new Date(Date.now() + deps.settings.refreshTtlSec * 1000));
      return { kind: 'ok' as const, user, sessionId: row.session_id, token: next.token };
    });
    if (outcome.kind === 'reused') {
      await deps.revocations.revoke(outcome.ended);
      deps.logger.warn('refresh token reused: session ended', { user_id: outcome.userId, session_id: outcome.sessionId });
      throw new AppError(ErrorCode.REFRESH_TOKEN_REUSED, 'This refresh token was already used; the session has been ended', { status: 401 });
    }
    if (outcome.kind === 'invalid') throw new AppError(ErrorCode.INVALID_REFRESH_TOKEN, 'The refresh token is not valid', { status: 401 });
    return this.result(outcome.user, outcome.sessionId, outcome.token);
  }

  async logout(userId: string, sessionId: string): Promise<void> {
    const ended = await this.deps.transaction((db) => this.deps.sessions.end(db, userId, 'logout', { only: [sessionId] }));
    // Revoke even when the row was already ended: the token in hand must stop working.
    await this.deps.revocations.revoke(ended.length ? ended : [sessionId]);
    this.deps.logger.info('logged out', { user_id: userId, session_id: sessionId });
  }

  async listSessions(userId: string, bounds: Bounds): Promise<Slice<LoginSession>> {
    return this.deps.sessions.listActive(this.deps.db, userId, bounds);
  }

  async endSession(userId: string, sessionId: string): Promise<void> {
    const ended = await this.deps.transaction((db) => this.deps.sessions.end(db, userId, 'ended by user', { only: [sessionId] }));
    if (ended.length === 0) throw AppError.notFound('The session');
    await this.deps.revocations.revoke(ended);
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
    const next = newRefreshToken();
    const ended = await deps.transaction(async (db) => {
      await deps.users.setPassword(db, userId, hash);
      const others = await deps.sessions.end(db, userId, 'password changed', { except: sessionId });
      await deps.sessions.spendTokens(db, [sessionId]);
      await deps.sessions.addRefreshToken(db, sessionId, next.hash, new Date(Date.now() + deps.settings.refreshTtlSec * 1000));
      await deps.resets.revokePending(db, userId);
      return others;
    });
    await deps.revocations.revoke(ended);
    deps.logger.info('password changed', { user_id: userId, sessions_ended: ended.length });
    return this.result(user, sessionId, next.token);
  }
}

/**
 * Refusals already decided (a blocked address, a throttled login), kept in memory until they end so
 * a flood of refused attempts costs no database round trip. It only repeats an answer the database
 * gave and that cannot end earlier (no failure is written while refused); the database stays the
 * judge of everything else, and of every other replica's view. Bounded: the oldest entry goes first.
 */
class RefusalMemo {
  private readonly entries = new Map<string, { error: AppError; until: number }>();

  constructor(private readonly maxEntries: number) {}

  get(key: string): AppError | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > Date.now()) return refreshRetryAfter(entry.error, entry.until);
    this.entries.delete(key);
    return undefined;
  }

  remember(key: string, error: AppError, until: Date): AppError {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { error, until: until.getTime() });
    return error;
  }
}

/** Counts of sign-ins being checked, per key, in this process. */
class InFlight {
  private readonly counts = new Map<string, number>();

  /** Enters every key if each is below its limit and returns the way out; undefined otherwise. */
  enter(keys: Array<[key: string, max: number]>): (() => void) | undefined {
    if (keys.some(([key, max]) => (this.counts.get(key) ?? 0) >= max)) return undefined;
    for (const [key] of keys) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      for (const [key] of keys) {
        const n = (this.counts.get(key) ?? 1) - 1;
        if (n <= 0) this.counts.delete(key);
        else this.counts.set(key, n);
      }
    };
  }
}

const secondsUntil = (until: Date | number) => String(Math.max(1, Math.ceil((new Date(until).getTime() - Date.now()) / 1000)));

/** Given alike to an address and to a login, known or not. */
function tooManyAtOnce(): AppError {
  return new AppError(ErrorCode.RATE_LIMITED, 'Too many sign-ins at once from this address or for this e-mail or username; try again in a moment', {
    headers: { 'Retry-After': '1' },
  });
}

/** The same refusal with its Retry-After counted from now. */
function refreshRetryAfter(error: AppError, until: number): AppError {
  return new AppError(error.code, error.message, { status: error.status, details: error.details, headers: { ...error.headers, 'Retry-After': secondsUntil(until) } });
}

function ipBlocked(until: Date): AppError {
  return new AppError(ErrorCode.IP_BLOCKED, 'Too many failed logins from this address; try again later', {
    details: { blocked_until: until.toISOString() },
    headers: { 'Retry-After': secondsUntil(until) },
  });
}

/** The same answer for an e-mail or username that has no account: it must not tell them apart. */
function loginThrottled(until: Date): AppError {
  return new AppError(ErrorCode.RATE_LIMITED, 'Too many failed sign-ins for this e-mail or username; try again later', {
    headers: { 'Retry-After': secondsUntil(until) },
  });
}
