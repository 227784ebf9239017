import { formatFindings } from '@marquee/testing';
import { LoyaltyTestKit } from '../../test/loyalty-test-kit';

describe('loyalty service: hostile input on every route', () => {
  const kit = new LoyaltyTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when every route gets hostile input, then no answer is a 5xx and no refusal writes a row', async () => {
    const member = kit.user();
    await kit.member(member.userId, 20);
    const rewardId = await kit.reward(10, 3);
    const report = await kit.sweep({
      pathValues: { user_id: member.userId, id: rewardId },
      bodies: {
        'POST /api/memberships/{user_id}/points': { points: -5, reason: 'sweep' },
        'POST /api/rewards': { name: 'Sweep reward', description: 'Swept', cost_points: 10, stock: 1 },
      },
    });
    expect(formatFindings(report.findings)).toBe('');
    expect(report.operations).toBe(6);
    expect(report.requests).toBeGreaterThan(100);
  });
});
