import { Lifecycle } from './lifecycle';

describe('Lifecycle', () => {
  it('closes in reverse order of registration, once, even when one closer fails', async () => {
    const closed: string[] = [];
    const lifecycle = new Lifecycle();
    lifecycle.onStop('pool', () => void closed.push('pool'));
    lifecycle.onStop('broken', () => {
      throw new Error('boom');
    });
    lifecycle.onStop('http', async () => void closed.push('http'));
    await Promise.all([lifecycle.stop(), lifecycle.stop()]);
    expect(closed).toEqual(['http', 'pool']);
  });

  it('does not wait forever for a closer that hangs', async () => {
    const lifecycle = new Lifecycle();
    const closed: string[] = [];
    lifecycle.onStop('first', () => void closed.push('first'));
    lifecycle.onStop('hangs', () => new Promise(() => undefined));
    await lifecycle.stop(200);
    expect(closed).toEqual(['first']);
  });
});
