import path from 'node:path';
import { defineService, domainPlatform, IdempotencyStore } from '@marquee/service';
import pkg from '../package.json';
import { loyaltyConfigIssues, loyaltyConfigShape, tierRules } from './config';
import { MembershipsRepository } from './data/memberships.repository';
import { RewardsRepository } from './data/rewards.repository';
import { MembershipsService } from './domain/memberships.service';
import { PointsBook } from './domain/points-book';
import { RewardsService } from './domain/rewards.service';
import { membershipsRoutes } from './http/memberships.routes';
import { rewardsRoutes } from './http/rewards.routes';
import { paymentEventHandlers } from './messaging/payment-events.consumer';
import { demoRewards } from './seed/demo-rewards';

/**
 * The loyalty service, declared once: repositories → domain → routes, consumers and seed. The
 * platform owns start, stop, port, retries, seed locking and the pruning of its outbox and inbox.
 */
export const loyaltyService = defineService({
  name: 'loyalty',
  packageJson: pkg,
  description:
    'Loyalty: memberships, points earned by paid tickets and taken back by refunds (an append-only ledger, balances never below zero), tiers by lifetime points, and rewards redeemed for points',
  config: loyaltyConfigShape,
  checkConfig: loyaltyConfigIssues,
  migrationsDir: path.join(__dirname, 'migrations'),
  build: (platform) => {
    const { config, logger } = platform;
    const base = domainPlatform(platform);
    const tiers = tierRules(config);
    const memberships = new MembershipsRepository();
    const book = new PointsBook({ publish: base.publish, memberships, tiers });
    const membershipsService = new MembershipsService({ ...base, memberships, book, tiers, recentMovements: config.LOYALTY_RECENT_MOVEMENTS });
    const rewards = new RewardsService({ ...base, rewards: new RewardsRepository(), memberships, book, idempotency: new IdempotencyStore() });
    return {
      routes: (router) => {
        membershipsRoutes(router, membershipsService);
        rewardsRoutes(router, rewards);
      },
      consumers: paymentEventHandlers(membershipsService, logger),
      seed: async () => {
        const added = await rewards.seed(demoRewards);
        logger.info(added > 0 ? `demo rewards loaded: ${added}` : 'demo rewards already loaded');
      },
    };
  },
});
