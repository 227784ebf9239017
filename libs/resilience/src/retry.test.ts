import { parseRetryAfter, retry } from './retry';

describe('retry', () => {
  it('tries again while retryable and returns the first success', async () => {
    let calls = 0;
    const result = await retry(async () => {
      calls += 1;
      if (calls < 3) throw new Error('busy');
      return 'done';
    }, { attempts: 5, baseDelayMs: 1, retryable: () => true });
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it('waits what the server asked for', async () => {
    let calls = 0;
    const started = Date.now();
    await retry(async () => {
      calls += 1;
      if (calls === 1) throw new Error('429');
      return 'ok';
    }, { retryable: () => 120 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('gives up on a non-retryable error and after the last attempt', async () => {
    let calls = 0;
    await expect(retry(async () => { calls += 1; throw new Error('bad'); }, { attempts: 4, retryable: () => false })).rejects.toThrow('bad');
    expect(calls).toBe(1);
    calls = 0;
    await expect(retry(async () => { calls += 1; throw new Error('busy'); }, { attempts: 3, baseDelayMs: 1, retryable: () => true })).rejects.toThrow('busy');
    expect(calls).toBe(3);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
