import { Cleanup, createMigratedDatabase, logger } from '../test/helpers';
import { createPool, withAdvisoryLock } from './index';

const cleanup = new Cleanup();
let pool: ReturnType<typeof createPool>;

beforeAll(async () => {
  const db = cleanup.add(await createMigratedDatabase(), (d) => d.drop());
  pool = cleanup.pool(createPool({ url: db.url, max: 4, logger }));
});
afterAll(() => cleanup.run());

describe('withAdvisoryLock', () => {
  it('when another session holds the lock, then try gives up at once and wait runs after it is released', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = withAdvisoryLock(pool, 'lock-a', 'wait', async () => {
      order.push('first');
      await new Promise<void>((resolve) => (release = resolve));
      order.push('first done');
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(await withAdvisoryLock(pool, 'lock-a', 'try', async () => order.push('never'))).toEqual({ acquired: false });
    const second = withAdvisoryLock(pool, 'lock-a', 'wait', async () => order.push('second'));
    await new Promise((r) => setTimeout(r, 50));
    release();
    await Promise.all([held, second]);
    expect(order).toEqual(['first', 'first done', 'second']);
    // Another key was never blocked.
    expect(await withAdvisoryLock(pool, 'lock-b', 'try', async () => 7)).toEqual({ acquired: true, value: 7 });
  });

  it('when the function throws, then the lock is released and the error passes through', async () => {
    await expect(withAdvisoryLock(pool, 'lock-c', 'try', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withAdvisoryLock(pool, 'lock-c', 'try', async () => 'again')).toEqual({ acquired: true, value: 'again' });
    expect(pool.totalCount).toBeLessThanOrEqual(4);
  });
});
