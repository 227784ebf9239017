import type { Bounds, Slice } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import type { NewReward, Reward } from './loyalty';

/** The reward catalogue and its redemptions; `data/rewards.repository.ts` implements it. */
export interface RewardsStore {
  /** Throws 409 CONFLICT when a reward already has this name (any case). */
  insert(db: Db, reward: NewReward): Promise<Reward>;
  /** Adds the reward unless one has its name; true when it was added (the demo seed). */
  insertIfAbsent(db: Db, reward: NewReward): Promise<boolean>;
  find(db: Db, id: string): Promise<Reward | null>;
  /** Cheapest first, then by name. */
  page(db: Db, bounds: Bounds): Promise<Slice<Reward>>;
  /**
   * Takes one from the reward's stock if it has any left (unlimited stock always has); the row
   * stays locked until the transaction ends. False when it is out of stock.
   */
  takeOne(db: Db, id: string): Promise<boolean>;
  /** Records a redemption under `code`; false when the code is taken (the caller draws another). */
  insertRedemption(db: Db, redemption: { id: string; user_id: string; reward_id: string; cost_points: number; code: string }): Promise<boolean>;
}
