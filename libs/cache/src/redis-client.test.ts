import { redisRetryDelay } from './redis-client';

test('the reconnect delay grows and stays under the cap (plus jitter)', () => {
  expect(redisRetryDelay(1)).toBeGreaterThanOrEqual(100);
  expect(redisRetryDelay(1)).toBeLessThan(200);
  for (const attempt of [10, 100, 10_000]) {
    expect(redisRetryDelay(attempt, 2000)).toBeGreaterThanOrEqual(2000);
    expect(redisRetryDelay(attempt, 2000)).toBeLessThan(2100);
  }
});
