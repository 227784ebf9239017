import { randomUUID } from 'node:crypto';
import { ErrorCode, pageBounds, sliceToPage, type Page, type PaginationQuery } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import type { Db, DomainPlatform, IdempotencyStore } from '@marquee/service';
import type { NewReward, Redemption, Reward } from './loyalty';
import type { MembershipsStore } from './memberships.store';
import { insufficientPoints } from './memberships.service';
import type { PointsBook } from './points-book';
import { newRedemptionCode } from './redemption-code';
import type { RewardsStore } from './rewards.store';

export interface RewardsDeps extends DomainPlatform {
  rewards: RewardsStore;
  memberships: MembershipsStore;
  book: PointsBook;
  idempotency: IdempotencyStore;
}

/** An Idempotency-Key and the request it came with; the answer stored for it is the redemption. */
export interface IdempotentRequest {
  key: string;
  request: unknown;
}

/** Draws of a redemption code before giving up (a collision of 60 random bits is already absurd). */
const CODE_ATTEMPTS = 5;

/** The reward catalogue and redeeming points for rewards. No HTTP and no SQL here. */
export class RewardsService {
  constructor(private readonly deps: RewardsDeps) {}

  create(reward: Omit<NewReward, 'id'>): Promise<Reward> {
    return this.deps.rewards.insert(this.deps.db, { id: randomUUID(), ...reward });
  }

  async list(query: PaginationQuery): Promise<Page<Reward>> {
    return sliceToPage(await this.deps.rewards.page(this.deps.db, pageBounds(query)), query);
  }

  /**
   * Spends the reward's cost from the member's balance and takes one from its stock, in one
   * transaction: the balance by a conditional update (never below zero), the stock by another
   * (never below zero), so concurrent redemptions can never both win the last point or the last
   * item. Anything refused rolls back whole. Emits loyalty.points_changed and reward.redeemed.
   */
  redeem(userId: string, rewardId: string, idempotent?: IdempotentRequest): Promise<Redemption> {
    return this.deps.transaction(async (db) => {
      const scope = idempotent ? { userId, key: idempotent.key, request: idempotent.request } : undefined;
      if (scope) {
        const claim = await this.deps.idempotency.claim<Redemption>(db, scope);
        if (claim.replay) return claim.answer.body;
      }
      const reward = await this.deps.rewards.find(db, rewardId);
      if (!reward) throw AppError.notFound('Reward');
      const redemptionId = randomUUID();
      // The member's row first, the reward's last: the reward's row is the one every redeemer
      // waits for, so it is held for the shortest time. Nothing locks them the other way round.
      const moved = await this.deps.book.move(db, {
        userId,
        reason: 'reward_redemption',
        sourceKey: `redemption:${redemptionId}`,
        sourceId: redemptionId,
        delta: -reward.cost_points,
        lifetimeDelta: 0,
        note: reward.name,
      });
      if (!moved) {
        const member = await this.deps.memberships.find(db, userId);
        throw insufficientPoints(member?.points ?? 0, reward.cost_points);
      }
      if (!(await this.deps.rewards.takeOne(db, rewardId))) {
        throw AppError.conflict(ErrorCode.OUT_OF_STOCK, `${reward.name} is out of stock`, { reward_id: rewardId });
      }
      const code = await this.recordRedemption(db, { id: redemptionId, user_id: userId, reward_id: rewardId, cost_points: reward.cost_points });
      const redemption: Redemption = { redemption_id: redemptionId, reward_id: rewardId, code, points_left: moved.membership.points };
      await this.deps.publish(db, 'reward.redeemed', {
        user_id: userId,
        reward_id: rewardId,
        reward_name: reward.name,
        redemption_id: redemptionId,
        cost_points: reward.cost_points,
        code,
        points_left: moved.membership.points,
      });
      if (scope) await this.deps.idempotency.complete(db, scope, { status: 201, body: redemption });
      return redemption;
    });
  }

  /** Demo data: adds each reward that is not there yet (by name); answers how many it added. */
  async seed(rewards: Omit<NewReward, 'id'>[]): Promise<number> {
    let added = 0;
    for (const reward of rewards) {
      if (await this.deps.rewards.insertIfAbsent(this.deps.db, { id: randomUUID(), ...reward })) added += 1;
    }
    return added;
  }

  private async recordRedemption(
    db: Db,
    redemption: { id: string; user_id: string; reward_id: string; cost_points: number },
  ): Promise<string> {
    for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt += 1) {
      const code = newRedemptionCode();
      if (await this.deps.rewards.insertRedemption(db, { ...redemption, code })) return code;
    }
    throw new Error(`no free redemption code after ${CODE_ATTEMPTS} draws`);
  }
}
