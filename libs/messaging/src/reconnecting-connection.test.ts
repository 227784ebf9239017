import { backoffDelay } from './reconnecting-connection';

describe('backoffDelay', () => {
  it('grows exponentially, with jitter in the upper half, up to the cap', () => {
    const options = { initialDelayMs: 200, maxDelayMs: 5_000 };

    expect(backoffDelay(1, options, () => 0)).toBe(100);
    expect(backoffDelay(1, options, () => 1)).toBe(200);
    expect(backoffDelay(3, options, () => 1)).toBe(800);
    expect(backoffDelay(20, options, () => 1)).toBe(5_000);
    expect(backoffDelay(20, options, () => 0)).toBe(2_500);
  });
});
