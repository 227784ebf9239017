import { AppError } from '@marquee/core';
import { assertSelfOrAdmin, type ApiRouter } from '@marquee/http';
import { z } from 'zod';
import type { AuthService } from '../domain/auth.service';
import type { UsersService } from '../domain/users.service';
import { authResultSchema, givenPasswordSchema, idParamsSchema, newPasswordSchema, profileChangesSchema, roleSchema, userEnvelopeSchema } from './schemas';

type Changes = z.output<typeof profileChangesSchema>;

function withoutRole({ role, ...changes }: Changes) {
  if (role !== undefined) throw AppError.forbidden('The role cannot be changed here; an admin uses PATCH /api/users/{id}/role');
  return changes;
}

export function usersRoutes(router: ApiRouter, users: UsersService, auth: AuthService): void {
  router.route({
    method: 'get',
    path: '/api/profile',
    summary: 'My profile',
    tags: ['profile'],
    responses: { 200: { description: 'The signed-in user', schema: userEnvelopeSchema }, 404: { description: 'The account no longer exists' } },
    handler: async ({ user }) => ({ user: await users.get(user.id) }),
  });

  for (const method of ['put', 'post'] as const) {
    router.route({
      method,
      path: '/api/profile',
      summary: 'Update my profile',
      description: 'Any subset of the fields; not the role.',
      tags: ['profile'],
      request: { body: profileChangesSchema },
      responses: {
        200: { description: 'The updated profile', schema: userEnvelopeSchema },
        403: { description: 'A role was sent (`FORBIDDEN`)' },
        409: { description: '`USERNAME_TAKEN`' },
      },
      handler: async ({ user, body }) => ({ user: await users.update(user.id, withoutRole(body)) }),
    });
  }

  router.route({
    method: 'post',
    path: '/api/profile/change-password',
    summary: 'Change my password',
    description: 'Ends my other sessions and returns a new token pair for this one.',
    tags: ['profile'],
    request: { body: z.object({ old_password: givenPasswordSchema, new_password: newPasswordSchema }) },
    responses: {
      200: { description: 'Changed', schema: authResultSchema },
      401: { description: 'The current password is wrong (`INVALID_CREDENTIALS`)' },
    },
    handler: ({ user, body }) => auth.changePassword(user.id, user.sessionId, body.old_password, body.new_password),
  });

  router.route({
    method: 'get',
    path: '/api/users/:id',
    summary: 'A user (self or admin)',
    tags: ['users'],
    request: { params: idParamsSchema },
    responses: { 200: { description: 'The user', schema: userEnvelopeSchema }, 403: { description: 'Someone else, and not an admin' }, 404: { description: 'No such user' } },
    handler: async ({ user, params }) => {
      assertSelfOrAdmin(user, params.id);
      return { user: await users.get(params.id) };
    },
  });

  router.route({
    method: 'put',
    path: '/api/users/:id',
    summary: 'Update a user (self or admin)',
    tags: ['users'],
    request: { params: idParamsSchema, body: profileChangesSchema },
    responses: {
      200: { description: 'The updated user', schema: userEnvelopeSchema },
      403: { description: 'Someone else, and not an admin; or a role was sent' },
      404: { description: 'No such user' },
      409: { description: '`USERNAME_TAKEN`' },
    },
    handler: async ({ user, params, body }) => {
      assertSelfOrAdmin(user, params.id);
      return { user: await users.update(params.id, withoutRole(body)) };
    },
  });

  router.route({
    method: 'patch',
    path: '/api/users/:id/role',
    summary: "Change a user's role",
    description: 'Ends every session of that user at once (their access and refresh tokens stop working): they sign in again to get the new role.',
    tags: ['users'],
    auth: 'admin',
    request: { params: idParamsSchema, body: z.object({ role: roleSchema }) },
    responses: {
      200: { description: 'The updated user', schema: userEnvelopeSchema },
      403: { description: 'Not an admin (`FORBIDDEN`)' },
      404: { description: 'No such user' },
    },
    handler: async ({ user, params, body }) => ({ user: await users.changeRole(user.id, params.id, body.role) }),
  });
}
