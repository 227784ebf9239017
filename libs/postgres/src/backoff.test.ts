import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('starts at the minimum and doubles with each attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, 1_000, 60_000))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('never exceeds the maximum, however many attempts', () => {
    expect(backoffDelay(7, 1_000, 60_000)).toBe(60_000);
    expect(backoffDelay(10_000, 1_000, 60_000)).toBe(60_000);
  });

  it('treats attempt 0 like the first', () => {
    expect(backoffDelay(0, 500, 10_000)).toBe(500);
  });
});
