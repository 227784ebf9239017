// The loyalty service under test (ServiceTestKit: its own database, RabbitMQ prefix and token
// issuer), plus what only loyalty needs: payments as the payments service announces them, and
// shortcuts to give a member points and to add a reward.
import { randomUUID } from 'node:crypto';
import type { PaymentRefundedData, PaymentSucceededData } from '@marquee/contracts';
import type { ServiceHandle } from '@marquee/service';
import { ServiceTestKit, type Answer } from '@marquee/testing';
import { loyaltyService } from '../src/app';

export type { Answer };

/** Tiers low enough for a test to climb: silver 100, gold 300, platinum 1000 lifetime points. */
export const TEST_TIERS = {
  LOYALTY_SILVER_POINTS: '100',
  LOYALTY_GOLD_POINTS: '300',
  LOYALTY_PLATINUM_POINTS: '1000',
  LOYALTY_BRONZE_MULTIPLIER: '1',
  LOYALTY_SILVER_MULTIPLIER: '1.5',
  LOYALTY_GOLD_MULTIPLIER: '2',
  LOYALTY_PLATINUM_MULTIPLIER: '3',
};

export interface MembershipRow {
  tier: string;
  points: number;
  lifetime_points: number;
}

export class LoyaltyTestKit extends ServiceTestKit<ServiceHandle<typeof loyaltyService>> {
  constructor(env: Record<string, string> = {}) {
    super(loyaltyService, { observe: ['loyalty.#', 'reward.#'], env: { ...TEST_TIERS, ...env } });
  }

  succeeded(userId: string, amount: number, paymentId: string = randomUUID()): PaymentSucceededData {
    return {
      payment_id: paymentId,
      ticket_id: randomUUID(),
      user_id: userId,
      amount,
      currency: 'USD',
      card: { brand: 'visa', last4: '4242' },
      status: 'succeeded',
    };
  }

  refunded(payment: PaymentSucceededData, refundedAmount: number, totalRefunded: number, refundId: string = randomUUID()): PaymentRefundedData {
    return {
      ...payment,
      status: totalRefunded >= payment.amount ? 'refunded' : 'partially_refunded',
      refund_id: refundId,
      refunded_amount: refundedAmount,
      total_refunded: totalRefunded,
      reason: null,
    };
  }

  /** Announces a successful payment and waits until loyalty handled it. */
  async pay(userId: string, amount: number): Promise<PaymentSucceededData> {
    const payment = this.succeeded(userId, amount);
    await this.deliver('payment.succeeded', payment);
    return payment;
  }

  /** The member's row as stored, or undefined. */
  async membership(userId: string): Promise<MembershipRow | undefined> {
    const { rows } = await this.pool.query<MembershipRow>(
      'SELECT tier, points::int AS points, lifetime_points::int AS lifetime_points FROM memberships WHERE user_id = $1',
      [userId],
    );
    return rows[0];
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.pool.query<{ n: number }>(sql, params)).rows[0]?.n ?? 0;
  }

  /** Makes `userId` a member holding exactly `points` (an admin adjustment). */
  async member(userId: string, points: number): Promise<void> {
    const admin = this.user('admin');
    const joined = await this.call('POST', '/api/memberships', { token: admin.token, body: { user_id: userId } });
    if (joined.status !== 201) throw new Error(`join failed: ${joined.status} ${JSON.stringify(joined.body)}`);
    if (points === 0) return;
    const adjusted = await this.call('POST', `/api/memberships/${userId}/points`, { token: admin.token, body: { points, reason: 'test setup' } });
    if (adjusted.status !== 201) throw new Error(`adjust failed: ${adjusted.status} ${JSON.stringify(adjusted.body)}`);
  }

  /** Adds a reward (as an admin) and returns its id. */
  async reward(costPoints: number, stock: number | null = null): Promise<string> {
    const res = await this.call('POST', '/api/rewards', {
      token: this.user('admin').token,
      body: { name: `Reward ${randomUUID()}`, description: 'For a test', cost_points: costPoints, stock },
    });
    if (res.status !== 201) throw new Error(`reward failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  }

  redeem(token: string, rewardId: string, headers: Record<string, string> = {}): Promise<Answer> {
    return this.call('POST', `/api/rewards/${rewardId}/redeem`, { token, headers });
  }

  /** Observed events of `type` about `userId`, in order. */
  eventsOf(type: string, userId: string): Array<Record<string, unknown>> {
    return this.events.filter((e) => e.type === type && (e.data as { user_id?: string }).user_id === userId).map((e) => e.data as Record<string, unknown>);
  }
}
