import { waitUntil } from './wait';

describe('waitUntil', () => {
  it('returns the first truthy value', async () => {
    let calls = 0;
    await expect(waitUntil(() => (++calls >= 3 ? 'done' : undefined), { intervalMs: 1 })).resolves.toBe('done');
  });

  it('names what it waited for when it times out, keeping the last error', async () => {
    const failure = waitUntil(
      () => {
        throw new Error('still down');
      },
      { timeoutMs: 50, intervalMs: 5, message: 'the broker' },
    );
    await expect(failure).rejects.toThrow('Timed out after 50 ms waiting for the broker');
  });
});
