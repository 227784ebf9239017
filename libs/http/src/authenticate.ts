import type { Request, RequestHandler } from 'express';
import { AppError, extendContext } from '@marquee/core';
import { invalidTokenError, missingTokenError, type AuthUser, type Role, type TokenVerifier } from './token-verifier';

/**
 * Who may call a route: `public` (no token looked at), `optional` (a valid token attaches the
 * user; a present but bad one is still 401), `user` (any valid token), `admin`, or a list of roles.
 */
export type RouteAuth = 'public' | 'optional' | 'user' | 'admin' | readonly Role[];

const users = new WeakMap<Request, AuthUser>();

/** The user an earlier `authenticate` proved, if any. */
export function authUser(req: Request): AuthUser | undefined {
  return users.get(req);
}

const BEARER = /^Bearer +([^\s]+) *$/i;

/**
 * Applies `mode` to the request: verifies the bearer token when there is one, checks the role,
 * puts the user id into the request context (so log lines carry `user_id`) and returns the user.
 */
export async function authorize(req: Request, verifier: TokenVerifier | undefined, mode: RouteAuth): Promise<AuthUser | undefined> {
  if (mode === 'public') return undefined;
  if (!verifier) throw new Error('This route needs a token verifier: pass `auth` to createHttpApp');
  const header = req.get('authorization');
  if (header === undefined || header === '') {
    if (mode === 'optional') return undefined;
    throw missingTokenError();
  }
  const match = BEARER.exec(header);
  if (!match?.[1]) throw invalidTokenError();
  const user = await verifier.verify(match[1]);
  users.set(req, user);
  extendContext({ userId: user.id });
  if (mode === 'admin' && user.role !== 'admin') throw AppError.forbidden('This needs an admin');
  if (Array.isArray(mode) && !mode.includes(user.role)) {
    throw AppError.forbidden(`This needs one of the roles: ${mode.join(', ')}`);
  }
  return user;
}

/** Middleware form of `authorize`, for routes not declared with `ApiRouter.route` (and the gateway). */
export function authenticate(verifier: TokenVerifier | undefined, mode: RouteAuth = 'user'): RequestHandler {
  if (mode !== 'public' && !verifier) throw new Error(`authenticate('${String(mode)}') needs a token verifier`);
  return async (req, _res, next) => {
    try {
      await authorize(req, verifier, mode);
      next();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * API.md: a `user_id` that names someone else is refused with 403 unless the caller is an admin.
 * Throws 401 without a user, 403 for another user's id.
 */
export function assertSelfOrAdmin(user: AuthUser | undefined, userId: string): void {
  if (!user) throw missingTokenError();
  if (user.id !== userId && user.role !== 'admin') throw AppError.forbidden('You can only act on your own account');
}
