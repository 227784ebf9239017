import type { ApiRouter } from '@marquee/http';
import { AppError } from '@marquee/core';
import { pageBounds, pageSchema, paginationQuerySchema, sliceToPage } from '@marquee/contracts';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AuthService } from '../domain/auth.service';
import { DEVICE_COOKIE } from '../domain/device-tokens';
import type { PasswordResetService } from '../domain/password-reset.service';
import type { TokenIssuer } from '../domain/token-issuer';
import { clientInfo, clientIp } from './client-info';
import { authResultSchema, emailSchema, idParamsSchema, loginBodySchema, newPasswordSchema, registerBodySchema, sessionSchema } from './schemas';

const tags = ['auth'];
const BEARER = /^Bearer +([^\s]+) *$/i;

export interface AuthRoutesOptions {
  /** `Secure` on the device cookie (production: the edge speaks HTTPS). */
  secureCookies: boolean;
}

export function authRoutes(router: ApiRouter, auth: AuthService, resets: PasswordResetService, tokens: TokenIssuer, options: AuthRoutesOptions): void {
  // A client that signed in keeps a device cookie; its next sign-ins skip a flood's queue (DeviceTokens).
  const rememberDevice = (res: Response, userId: string) => {
    const { token, maxAgeSec } = auth.deviceToken(userId);
    res.cookie(DEVICE_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: options.secureCookies, path: '/api/auth', maxAge: maxAgeSec * 1000 });
  };

  for (const path of ['/api/auth/register', '/api/auth/signup']) {
    router.route({
      method: 'post',
      path,
      summary: path.endsWith('signup') ? 'Create an account (alias of register)' : 'Create an account',
      description: 'Signs the new user in. `role` may only be given by an admin.',
      tags,
      auth: 'optional',
      request: { body: registerBodySchema },
      responses: {
        201: { description: 'Created and signed in', schema: authResultSchema },
        403: { description: 'A role was asked for without an admin token (`FORBIDDEN`)' },
        409: { description: '`EMAIL_TAKEN` or `USERNAME_TAKEN` (usernames are unique whatever their case)' },
        503: { description: 'Too many passwords are being checked right now (`SERVICE_BUSY`, with `Retry-After`)' },
      },
      handler: async ({ body, user, req, res }) => {
        if (body.role !== undefined && body.role !== 'user' && user?.role !== 'admin') throw AppError.forbidden('Only an admin can choose a role');
        const result = await auth.register(body, clientInfo(req, body));
        rememberDevice(res, result.user.id);
        return result;
      },
    });
  }

  router.route({
    method: 'post',
    path: '/api/auth/login',
    summary: 'Sign in',
    description:
      'JSON `{ email or username, password }` or the OAuth2 password form; e-mail and username in any case. Platform from `platform` or `X-Platform`. ' +
      'Limits are judged before the password: failures per address (IPv4, or IPv6 /64) block it, failures per e-mail or username from any addresses ' +
      'refuse it for a while, the same way whether or not it has an account. A signed-in client gets an HttpOnly `marquee_device` cookie (path `/api/auth`); ' +
      'a later sign-in that sends it for the same account is checked ahead of a flood of others, so credential stuffing does not lock people out of their own devices.',
    tags,
    auth: 'public',
    request: { body: loginBodySchema, bodyContentTypes: ['application/json', 'application/x-www-form-urlencoded'] },
    responses: {
      200: { description: 'Signed in', schema: authResultSchema },
      401: { description: 'Wrong e-mail, username or password (`INVALID_CREDENTIALS`)' },
      403: { description: 'Too many failures from this address (`IP_BLOCKED`, with `blocked_until` and `Retry-After`)' },
      429: {
        description:
          'Too many failures for this e-mail or username, known or not, or too many sign-ins being checked at once from this address or for it (`RATE_LIMITED`, with `Retry-After`)',
      },
      503: { description: 'Too many passwords are being checked right now (`SERVICE_BUSY`, with `Retry-After`)' },
    },
    handler: async ({ body, req, res }) => {
      const result = await auth.login((body.email || body.username) as string, body.password, clientInfo(req, body));
      rememberDevice(res, result.user.id);
      return result;
    },
  });

  for (const path of ['/api/auth/refresh', '/api/auth/refresh-token']) {
    router.route({
      method: 'post',
      path,
      summary: 'Exchange a refresh token for a new pair',
      description: 'The refresh token is single-use; presenting a used one ends its session.',
      tags,
      auth: 'public',
      request: { body: z.object({ refresh_token: z.string().min(1).max(512) }) },
      responses: {
        200: { description: 'A new token pair', schema: authResultSchema },
        401: { description: '`INVALID_REFRESH_TOKEN`, or `REFRESH_TOKEN_REUSED` (the session was ended)' },
      },
      handler: ({ body }) => auth.refresh(body.refresh_token),
    });
  }

  router.route({
    method: 'post',
    path: '/api/auth/logout',
    summary: 'End this session',
    tags,
    responses: { 204: { description: 'Signed out; the access token is refused from now on' } },
    handler: async ({ user }) => {
      await auth.logout(user.id, user.sessionId);
    },
  });

  router.route({
    method: 'get',
    path: '/api/auth/sessions',
    summary: 'My active sessions',
    tags,
    request: { query: paginationQuerySchema },
    responses: { 200: { description: 'Active sessions, newest first', schema: pageSchema(sessionSchema) } },
    handler: async ({ user, query }) => {
      const { items, total } = await auth.listSessions(user.id, pageBounds(query));
      const sessions = items.map((s) => ({
        id: s.id,
        ip: s.ip,
        platform: s.platform,
        device_name: s.device_name,
        started_at: s.started_at.toISOString(),
        last_seen_at: s.last_seen_at.toISOString(),
        current: s.id === user.sessionId,
      }));
      return sliceToPage({ items: sessions, total }, query);
    },
  });

  router.route({
    method: 'delete',
    path: '/api/auth/sessions/:id',
    summary: 'End one of my sessions',
    tags,
    request: { params: idParamsSchema },
    responses: { 204: { description: 'Ended' }, 404: { description: 'No active session of mine has this id' } },
    handler: async ({ user, params }) => {
      await auth.endSession(user.id, params.id);
    },
  });

  const resetToken = (req: Request, body: { reset_token?: string }) => {
    const match = BEARER.exec(req.get('authorization') ?? '');
    const token = match?.[1] ?? body.reset_token;
    if (!token) throw AppError.unauthorized('A reset token is required (Authorization: Bearer <reset_token>)');
    return tokens.verifyResetToken(token).resetId;
  };
  const resetTokenField = z.string().max(4096).optional().meta({ description: 'Instead of the Authorization header' });

  router.route({
    method: 'post',
    path: '/api/auth/forgot-password',
    summary: 'Ask for a password reset code',
    description:
      'Always 202 with a reset token, whether or not the account exists; the 6-digit code is e-mailed. A new request revokes the pending ones of that e-mail. Past 5 requests an hour for one e-mail (RESET_REQUESTS_PER_HOUR) no code is sent and the token never verifies.',
    tags,
    auth: 'public',
    request: { body: z.object({ email: emailSchema }) },
    responses: { 202: { description: 'Accepted', schema: z.object({ reset_token: z.string(), expires_in: z.number().int() }) } },
    handler: ({ body, req }) => resets.request(body.email, clientIp(req)),
  });

  router.route({
    method: 'post',
    path: '/api/auth/forgot-password/verify',
    summary: 'Check the e-mailed code',
    description:
      'Needs the reset token as bearer. At most 5 tries, from the address that asked, before the code expires; at most 10 tries an hour for one e-mail over all its requests (OTP_GUESSES_PER_HOUR). Unknown e-mails get the same answers.',
    tags,
    auth: 'public',
    request: { body: z.object({ otp_code: z.string().regex(/^\d{6}$/, { message: 'must be 6 digits' }), reset_token: resetTokenField }) },
    responses: {
      200: { description: 'Verified', schema: z.object({ verified: z.literal(true) }) },
      400: { description: 'Wrong or expired code (`INVALID_OTP`)' },
      401: { description: 'Missing or bad reset token' },
      403: { description: 'Another address (`FORBIDDEN`) or too many tries (`TOO_MANY_ATTEMPTS`)' },
      429: { description: 'Too many tries for this e-mail this hour (`RATE_LIMITED`, with `Retry-After`)' },
    },
    handler: async ({ body, req }) => {
      await resets.verify(resetToken(req, body), body.otp_code, clientIp(req));
      return { verified: true as const };
    },
  });

  router.route({
    method: 'post',
    path: '/api/auth/forgot-password/change',
    summary: 'Set a new password after verifying the code',
    description: 'Ends every session and every other pending reset of the account.',
    tags,
    auth: 'public',
    request: { body: z.object({ new_password: newPasswordSchema, reset_token: resetTokenField }) },
    responses: {
      200: { description: 'Changed; sign in again', schema: z.object({ message: z.string() }) },
      400: { description: 'The request is no longer valid (`INVALID_OTP`)' },
      401: { description: 'Missing or bad reset token' },
      403: { description: 'Another address than the one that asked (`FORBIDDEN`)' },
      409: { description: 'The code was not verified (`RESET_NOT_VERIFIED`)' },
    },
    handler: async ({ body, req }) => {
      await resets.change(resetToken(req, body), body.new_password, clientIp(req));
      return { message: 'Password changed; sign in with the new password' };
    },
  });

  router.route({
    method: 'get',
    path: '/.well-known/jwks.json',
    summary: 'Public keys that verify access tokens',
    tags: ['internal'],
    auth: 'public',
    responses: { 200: { description: 'JWKS (RFC 7517)', schema: z.object({ keys: z.array(z.object({}).loose()) }) } },
    handler: ({ res }) => {
      res.set('Cache-Control', 'public, max-age=300');
      return tokens.jwks();
    },
  });
}
