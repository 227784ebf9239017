import type { Bounds, Slice } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import type { ProfileChanges, User, UserRole } from './user';

export type NewUser = Pick<
  User,
  'id' | 'email' | 'username' | 'name' | 'first_name' | 'last_name' | 'city' | 'country' | 'phone_number' | 'genres' | 'role'
> & { password_hash: string };

/** Accounts (`data/users.repository.ts`). E-mails and usernames are unique whatever their case. */
export interface UsersStore {
  /** Throws 409 `EMAIL_TAKEN` or `USERNAME_TAKEN`. */
  insert(db: Db, user: NewUser): Promise<User>;
  /** `forUpdate` locks the row until `db`'s transaction ends. */
  findById(db: Db, id: string, forUpdate?: boolean): Promise<User | null>;
  findByEmail(db: Db, email: string): Promise<User | null>;
  /** By e-mail or username, both case-insensitive; an e-mail match wins over a username that looks like one. */
  findByLogin(db: Db, login: string): Promise<User | null>;
  /** The user as changed (null when there is none); throws 409 `USERNAME_TAKEN`. */
  update(db: Db, id: string, changes: ProfileChanges & { role?: UserRole }): Promise<User | null>;
  setPassword(db: Db, id: string, passwordHash: string): Promise<void>;
  /** Every account, oldest first (the internal directory other services backfill from). */
  page(db: Db, bounds: Bounds): Promise<Slice<User>>;
}
