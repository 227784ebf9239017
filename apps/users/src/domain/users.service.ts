import { pageBounds, sliceToPage, type DirectoryUser, type Page, type PaginationQuery } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import type { AuthService } from './auth.service';
import type { UsersDeps } from './ports';
import { displayName, publicUser, userSnapshot, type ProfileChanges, type PublicUser, type User, type UserRole } from './user';

function directoryEntry(user: User): DirectoryUser {
  const { id, email, name, username, phone_number, city, country, role } = user;
  return { id, email, name, username, phone_number, city, country, role, updated_at: user.updated_at.toISOString() };
}

export class UsersService {
  constructor(
    private readonly deps: UsersDeps,
    private readonly auth: AuthService,
  ) {}

  /** The internal directory: what other services' read models hold of an account. */
  async directory(page: PaginationQuery): Promise<Page<DirectoryUser>> {
    const slice = await this.deps.users.page(this.deps.db, pageBounds(page));
    return sliceToPage({ items: slice.items.map(directoryEntry), total: slice.total }, page);
  }

  async directoryEntry(id: string): Promise<DirectoryUser> {
    const user = await this.deps.users.findById(this.deps.db, id);
    if (!user) throw AppError.notFound('The user');
    return directoryEntry(user);
  }

  async get(id: string): Promise<PublicUser> {
    const user = await this.deps.users.findById(this.deps.db, id);
    if (!user) throw AppError.notFound('The user');
    return publicUser(user);
  }

  /** Updates profile fields (never the role: see `changeRole`) and publishes `user.updated` with the result. */
  async update(id: string, changes: ProfileChanges): Promise<PublicUser> {
    const { deps } = this;
    const user = await deps.transaction(async (db) => {
      const current = await deps.users.findById(db, id, true);
      if (!current) throw AppError.notFound('The user');
      const merged = { ...current, ...stripUndefined(changes) };
      // Keep the display name in step with the parts when only they changed.
      const name = changes.name !== undefined || changes.first_name !== undefined || changes.last_name !== undefined
        ? displayName({ name: changes.name, first_name: merged.first_name, last_name: merged.last_name, username: merged.username })
        : undefined;
      // A username someone else has is a 409 USERNAME_TAKEN from the store.
      const updated = await deps.users.update(db, id, { ...changes, ...(name !== undefined ? { name } : {}) });
      if (!updated) throw AppError.notFound('The user');
      await deps.publish(db, 'user.updated', userSnapshot(updated));
      return updated;
    });
    return publicUser(user);
  }

  /**
   * Sets a user's role and ends every session of theirs at once (rows and refresh tokens in the
   * transaction, then the shared revocation in Redis): the role travels in access tokens, which are
   * otherwise believed until they expire, so a demoted admin would stay one for 15 minutes.
   */
  async changeRole(actorId: string, id: string, role: UserRole): Promise<PublicUser> {
    const { deps } = this;
    const outcome = await deps.transaction(async (db) => {
      // Both rows locked in id order, so two admins changing each other's roles cannot deadlock.
      const rows = new Map<string, User | null>();
      for (const userId of [...new Set([actorId, id])].sort()) rows.set(userId, await deps.users.findById(db, userId, true));
      // The token said admin; the database has the last word. A request that passed the token check
      // just before its sender was demoted (and revoked) must not promote anyone, the sender included.
      if (rows.get(actorId)?.role !== 'admin') throw AppError.forbidden('Only an admin can change roles');
      const current = rows.get(id);
      if (!current) throw AppError.notFound('The user');
      if (current.role === role) return { user: current, ended: [] as string[], changed: false };
      const updated = await deps.users.update(db, id, { role });
      if (!updated) throw AppError.notFound('The user');
      await deps.publish(db, 'user.updated', userSnapshot(updated));
      const ended = await deps.sessions.end(db, id, 'role changed');
      return { user: updated, ended, changed: true };
    });
    await deps.revocations.revoke(outcome.ended);
    if (outcome.changed) deps.logger.info('role changed; the sessions of the user ended', { user_id: id, by: actorId, role, sessions_ended: outcome.ended.length });
    return publicUser(outcome.user);
  }

  async hasAccount(email: string): Promise<boolean> {
    return (await this.deps.users.findByEmail(this.deps.db, email)) !== null;
  }

  /** Creates an account at start unless its e-mail exists (never overwritten). True when created. */
  async ensureAccount(input: { id?: string; email: string; password: string; username?: string; name: string; role: UserRole }): Promise<boolean> {
    const existing = await this.deps.users.findByEmail(this.deps.db, input.email);
    if (existing) return false;
    try {
      await this.auth.createUser(input);
      return true;
    } catch (error) {
      if (error instanceof AppError) return false; // created concurrently by another replica, or username taken
      throw error;
    }
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
