import { directoryPageSchema, directoryUserSchema, paginationQuerySchema, USERS_DIRECTORY_PATH } from '@marquee/contracts';
import { internalAccess, type ApiRouter } from '@marquee/http';
import type { UsersService } from '../domain/users.service';
import { idParamsSchema } from './schemas';

/**
 * The internal directory other services backfill their read models from (notifications' and
 * videos' recipients and players). Not under /api, so the gateway never forwards it; guarded by
 * INTERNAL_ALLOW and, when set, INTERNAL_TOKEN.
 */
export function internalRoutes(router: ApiRouter, users: UsersService, access: { allow: string; token?: string }): void {
  router.express.use(USERS_DIRECTORY_PATH, internalAccess(access));
  const description = 'Internal: for other services of the platform, never forwarded by the gateway. Callers from INTERNAL_ALLOW only, with `Authorization: Bearer <INTERNAL_TOKEN>` when that is set.';
  router.route({
    method: 'get',
    path: USERS_DIRECTORY_PATH,
    summary: 'Every account, oldest first, as other services hold them',
    description,
    tags: ['internal'],
    auth: 'public',
    request: { query: paginationQuerySchema },
    responses: { 200: { description: 'A page of accounts', schema: directoryPageSchema }, 403: { description: 'Not a caller of the platform' } },
    handler: ({ query }) => users.directory(query),
  });
  router.route({
    method: 'get',
    path: `${USERS_DIRECTORY_PATH}/:id`,
    summary: 'One account as other services hold it',
    description,
    tags: ['internal'],
    auth: 'public',
    request: { params: idParamsSchema },
    responses: { 200: { description: 'The account', schema: directoryUserSchema }, 403: { description: 'Not a caller of the platform' }, 404: { description: 'No such account' } },
    handler: ({ params }) => users.directoryEntry(params.id),
  });
}
