import type { ApiRouter, AuthUser } from '@marquee/http';
import type { Actor } from '../domain/loyalty';
import type { MembershipsService } from '../domain/memberships.service';
import {
  adjustedSchema,
  adjustmentSchema,
  joinSchema,
  membershipBody,
  membershipDetailsSchema,
  membershipSchema,
  movementBody,
  userParamsSchema,
} from './schemas';

const tags = ['loyalty'];

export function actorOf(user: AuthUser): Actor {
  return { id: user.id, isAdmin: user.role === 'admin' };
}

/** Thin handlers: parse (the schemas), call the domain, answer. */
export function membershipsRoutes(router: ApiRouter, memberships: MembershipsService): void {
  router.route({
    method: 'post',
    path: '/api/memberships',
    summary: 'Join the loyalty programme',
    description:
      'Idempotent: 201 with the new membership the first time, 200 with the same membership after that (no duplicate). ' +
      'A first paid ticket makes the buyer a member too. An admin may join someone else with `user_id`.',
    tags,
    request: { body: joinSchema },
    responses: {
      200: { description: 'Already a member: the membership as it is', schema: membershipSchema },
      201: { description: 'Joined: bronze, no points yet', schema: membershipSchema },
      403: { description: '`user_id` names someone else and the caller is not an admin (`FORBIDDEN`)' },
    },
    handler: async ({ user, body, res }) => {
      const { membership, created } = await memberships.join(actorOf(user), body?.user_id ?? user.id);
      res.status(created ? 201 : 200).json(membershipBody(membership));
    },
  });

  router.route({
    method: 'get',
    path: '/api/memberships/:user_id',
    summary: 'A membership with its latest point movements',
    description: 'The member themselves or an admin. Movements are newest first (LOYALTY_RECENT_MOVEMENTS of them).',
    tags,
    request: { params: userParamsSchema },
    responses: {
      200: { description: 'The membership and its latest movements', schema: membershipDetailsSchema },
      403: { description: 'Someone else and the caller is not an admin (`FORBIDDEN`)' },
      404: { description: 'Not a member (`NOT_FOUND`)' },
    },
    handler: async ({ user, params }) => {
      const { membership, movements } = await memberships.get(actorOf(user), params.user_id);
      return { ...membershipBody(membership), movements: movements.map(movementBody) };
    },
  });

  router.route({
    method: 'post',
    path: '/api/memberships/:user_id/points',
    summary: 'Adjust a member\'s points',
    description:
      '`points` is added to the balance and to lifetime points (negative takes away; the tier follows). A negative adjustment larger ' +
      'than the balance is refused with 409 `INSUFFICIENT_POINTS` and changes nothing: the balance never goes below zero. ' +
      'The reason is kept in the ledger and sent in `loyalty.points_changed`.',
    tags,
    auth: 'admin',
    request: { params: userParamsSchema, body: adjustmentSchema },
    responses: {
      201: { description: 'The membership after the adjustment, and the ledger line it made', schema: adjustedSchema },
      404: { description: 'Not a member (`NOT_FOUND`)' },
      409: { description: 'The balance is smaller than what a negative adjustment takes (`INSUFFICIENT_POINTS`, with `points` and `needed`)' },
    },
    handler: async ({ params, body }) => {
      const { membership, movement } = await memberships.adjust(params.user_id, body.points, body.reason);
      return { ...membershipBody(membership), movement: movementBody(movement) };
    },
  });
}
