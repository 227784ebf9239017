import { z } from 'zod';
import { loyaltyConfigIssues, loyaltyConfigShape, tierRules } from './config';

const parse = (env: Record<string, string>) => z.object(loyaltyConfigShape).parse(env);

describe('loyalty config', () => {
  it('when nothing is set, then the defaults climb bronze < silver < gold < platinum and pass the checks', () => {
    const config = parse({});
    expect(loyaltyConfigIssues(config)).toEqual([]);
    expect(tierRules(config)).toEqual({
      thresholds: { silver: 500, gold: 2000, platinum: 5000 },
      multipliers: { bronze: 1, silver: 1.25, gold: 1.5, platinum: 2 },
    });
  });

  it('when the thresholds do not climb, then each offending variable is named', () => {
    const config = parse({ LOYALTY_SILVER_POINTS: '500', LOYALTY_GOLD_POINTS: '500', LOYALTY_PLATINUM_POINTS: '400' });
    expect(loyaltyConfigIssues(config).map((i) => i.variable)).toEqual(['LOYALTY_GOLD_POINTS', 'LOYALTY_PLATINUM_POINTS']);
  });

  it('when a multiplier has more than two decimals or is out of range, then it is refused', () => {
    expect(() => parse({ LOYALTY_GOLD_MULTIPLIER: '1.333' })).toThrow(/at most 2 decimals/);
    expect(() => parse({ LOYALTY_GOLD_MULTIPLIER: '11' })).toThrow(/between 0 and 10/);
    expect(() => parse({ LOYALTY_SILVER_POINTS: '0' })).toThrow(/at least 1/);
  });
});
