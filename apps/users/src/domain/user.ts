import type { UserRegisteredData } from '@marquee/contracts';

export type UserRole = 'user' | 'organizer' | 'admin';
export type MaturityFilter = 'all' | 'teen' | 'adult';
/** The kind of client a session was opened from. */
export type ClientPlatform = 'web' | 'mobile-app';

export interface User {
  id: string;
  email: string;
  username: string | null;
  name: string;
  first_name: string | null;
  last_name: string | null;
  city: string | null;
  country: string | null;
  phone_number: string | null;
  genres: string[];
  role: UserRole;
  maturity_filter: MaturityFilter;
  preferred_language: string | null;
  password_hash: string;
  created_at: Date;
  updated_at: Date;
}

/** What a client may set on a profile (never the role, never the password). */
export interface ProfileChanges {
  username?: string | null;
  name?: string;
  first_name?: string | null;
  last_name?: string | null;
  city?: string | null;
  country?: string | null;
  phone_number?: string | null;
  genres?: string[];
  maturity_filter?: MaturityFilter;
  preferred_language?: string | null;
}

/** The display name: what the user gave as `name`, else `first last`, else the username. */
export function displayName(parts: { name?: string | null; first_name?: string | null; last_name?: string | null; username?: string | null }): string {
  const given = parts.name?.trim();
  if (given) return given;
  const joined = [parts.first_name, parts.last_name].filter((p) => p && p.trim()).join(' ').trim();
  return joined || parts.username || '';
}

/** `name` alone splits into first and last at the first space, so both shapes fill every field. */
export function splitName(name: string): { first_name: string | null; last_name: string | null } {
  const trimmed = name.trim();
  if (!trimmed) return { first_name: null, last_name: null };
  const at = trimmed.indexOf(' ');
  return at < 0 ? { first_name: trimmed, last_name: null } : { first_name: trimmed.slice(0, at), last_name: trimmed.slice(at + 1).trim() || null };
}

/** The profile other services keep in their read models (`user.registered`, `user.updated`). */
export function userSnapshot(user: User): UserRegisteredData {
  return {
    user_id: user.id,
    email: user.email,
    username: user.username,
    first_name: user.first_name,
    last_name: user.last_name,
    name: user.name,
    city: user.city,
    country: user.country,
    phone_number: user.phone_number,
    genres: user.genres.filter((g) => g.length > 0),
    role: user.role,
    maturity_filter: user.maturity_filter,
    preferred_language: user.preferred_language,
  };
}

/** What clients see of a user (never the password hash). */
export function publicUser(user: User) {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    name: user.name,
    first_name: user.first_name,
    last_name: user.last_name,
    city: user.city,
    country: user.country,
    phone_number: user.phone_number,
    genres: user.genres,
    role: user.role,
    maturity_filter: user.maturity_filter,
    preferred_language: user.preferred_language,
    created_at: user.created_at.toISOString(),
    updated_at: user.updated_at.toISOString(),
  };
}
export type PublicUser = ReturnType<typeof publicUser>;
