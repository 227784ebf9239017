import { assertSelfOrAdmin, type AuthUser } from '@marquee/http';

/**
 * Whose list (favourites, history, recommendations) a request is about: the caller's, or the
 * `user_id` it names when the caller is an admin. Another user's id from anyone else is a 403
 * (API.md Conventions), never ignored.
 */
export function actingUser(user: AuthUser, userId: string | undefined): string {
  if (userId === undefined) return user.id;
  assertSelfOrAdmin(user, userId);
  return userId;
}

/** The 403 every per-user route documents. */
export const notYours = { description: '`user_id` names someone else and the caller is not an admin (`FORBIDDEN`)' };
