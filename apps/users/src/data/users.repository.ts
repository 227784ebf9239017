import { ErrorCode } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import type { Bounds, Slice } from '@marquee/contracts';
import { isUniqueViolation, pagedQuery, type Queryable } from '@marquee/postgres';
import type { ProfileChanges, User, UserRole } from '../domain/user';
import type { NewUser, UsersStore } from '../domain/users.store';

const COLUMNS = `id, email, username, name, first_name, last_name, city, country, phone_number, genres, role,
  maturity_filter, preferred_language, password_hash, created_at, updated_at`;

/** On lower(email). */
const EMAIL_CONSTRAINT = 'users_email_key';
/** On lower(username) since migration 0003: usernames are unique whatever their case. */
const USERNAME_CONSTRAINT = 'users_username_key';

/** The 409 a taken e-mail or username is; anything else as it was. */
function takenOr(error: unknown): unknown {
  if (isUniqueViolation(error, EMAIL_CONSTRAINT)) return AppError.conflict(ErrorCode.EMAIL_TAKEN, 'An account with this e-mail already exists');
  if (isUniqueViolation(error, USERNAME_CONSTRAINT)) return AppError.conflict(ErrorCode.USERNAME_TAKEN, 'This username is taken');
  return error;
}

export class UsersRepository implements UsersStore {
  async insert(db: Queryable, user: NewUser): Promise<User> {
    try {
      const { rows } = await db.query<User>(
        `INSERT INTO users (id, email, username, name, first_name, last_name, city, country, phone_number, genres, role, password_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
        [user.id, user.email, user.username, user.name, user.first_name, user.last_name, user.city, user.country, user.phone_number, user.genres, user.role, user.password_hash],
      );
      return rows[0] as User;
    } catch (error) {
      throw takenOr(error);
    }
  }

  page(db: Queryable, bounds: Bounds): Promise<Slice<User>> {
    return pagedQuery<User>(db, { sql: `SELECT ${COLUMNS} FROM users`, orderBy: 'created_at, id' }, bounds);
  }

  async findById(db: Queryable, id: string, forUpdate = false): Promise<User | null> {
    const { rows } = await db.query<User>(`SELECT ${COLUMNS} FROM users WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async findByEmail(db: Queryable, email: string): Promise<User | null> {
    const { rows } = await db.query<User>(`SELECT ${COLUMNS} FROM users WHERE lower(email) = lower($1)`, [email]);
    return rows[0] ?? null;
  }

  /**
   * By e-mail or username, both case-insensitive (unique indexes on their lower()); the OAuth2 form
   * puts either in `username`. An e-mail match wins over a username that looks like one.
   */
  async findByLogin(db: Queryable, login: string): Promise<User | null> {
    const { rows } = await db.query<User>(
      `SELECT ${COLUMNS} FROM users WHERE lower(email) = lower($1) OR lower(username) = lower($1)
        ORDER BY (lower(email) = lower($1)) DESC LIMIT 1`,
      [login],
    );
    return rows[0] ?? null;
  }

  async update(db: Queryable, id: string, changes: ProfileChanges & { role?: UserRole }): Promise<User | null> {
    const entries = Object.entries(changes).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return this.findById(db, id);
    // Column names come from this fixed list, never from the request.
    const allowed = new Set(['username', 'name', 'first_name', 'last_name', 'city', 'country', 'phone_number', 'genres', 'maturity_filter', 'preferred_language', 'role']);
    const sets = entries.map(([key], i) => {
      if (!allowed.has(key)) throw new Error(`not an updatable column: ${key}`);
      return `${key} = $${i + 2}`;
    });
    try {
      const { rows } = await db.query<User>(
        `UPDATE users SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, ...entries.map(([, v]) => v)],
      );
      return rows[0] ?? null;
    } catch (error) {
      throw takenOr(error);
    }
  }

  async setPassword(db: Queryable, id: string, passwordHash: string): Promise<void> {
    await db.query('UPDATE users SET password_hash = $2, password_changed_at = now(), updated_at = now() WHERE id = $1', [id, passwordHash]);
  }
}
