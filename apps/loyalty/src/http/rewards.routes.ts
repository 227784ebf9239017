import { paginationQuerySchema } from '@marquee/contracts';
import { idempotencyKeyHeaders } from '@marquee/service';
import type { ApiRouter } from '@marquee/http';
import type { RewardsService } from '../domain/rewards.service';
import { idParamsSchema, newRewardSchema, redemptionBody, redemptionSchema, rewardBody, rewardPageSchema, rewardSchema } from './schemas';

const tags = ['loyalty'];

export function rewardsRoutes(router: ApiRouter, rewards: RewardsService): void {
  router.route({
    method: 'post',
    path: '/api/rewards',
    summary: 'Add a reward',
    description: 'Leave `stock` out (or null) for a reward without a limit.',
    tags,
    auth: 'admin',
    request: { body: newRewardSchema },
    responses: {
      201: { description: 'The reward', schema: rewardSchema },
      409: { description: 'A reward already has this name (`CONFLICT`)' },
    },
    handler: async ({ body }) =>
      rewardBody(await rewards.create({ name: body.name, description: body.description, cost_points: body.cost_points, stock: body.stock ?? null })),
  });

  router.route({
    method: 'get',
    path: '/api/rewards',
    summary: 'The rewards, cheapest first',
    description: 'Anyone may look; out-of-stock rewards are listed with `available: false`.',
    tags,
    auth: 'public',
    request: { query: paginationQuerySchema },
    responses: { 200: { description: 'A page of rewards', schema: rewardPageSchema } },
    handler: async ({ query }) => {
      const page = await rewards.list(query);
      return { ...page, items: page.items.map(rewardBody) };
    },
  });

  router.route({
    method: 'post',
    path: '/api/rewards/:id/redeem',
    summary: 'Redeem points for a reward',
    description:
      'Spends the reward\'s cost from my balance and takes one from its stock, both or neither, in one transaction; ' +
      'concurrent redemptions never overspend the balance or the stock. The answer carries a unique code to claim the reward; ' +
      '`reward.redeemed` announces it. An `Idempotency-Key` header makes a retry safe: the same key answers the first ' +
      'redemption again (nothing spent twice); the key on another reward is 409 `IDEMPOTENCY_KEY_REUSED`.',
    tags,
    request: { params: idParamsSchema, headers: idempotencyKeyHeaders },
    responses: {
      201: { description: 'Redeemed: the code and the balance left', schema: redemptionSchema },
      404: { description: 'Unknown reward (`NOT_FOUND`)' },
      409: {
        description:
          'Not enough points, or not a member yet (`INSUFFICIENT_POINTS`, with `points` and `needed`); none left (`OUT_OF_STOCK`); ' +
          'the Idempotency-Key was used for another request (`IDEMPOTENCY_KEY_REUSED`)',
      },
    },
    handler: async ({ user, params, req }) => {
      const key = req.get('idempotency-key');
      const idempotent = key === undefined ? undefined : { key, request: { op: 'POST /api/rewards/{id}/redeem', reward_id: params.id } };
      return redemptionBody(await rewards.redeem(user.id, params.id, idempotent));
    },
  });
}
