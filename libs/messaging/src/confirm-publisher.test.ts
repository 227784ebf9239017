import { EventEmitter } from 'node:events';
import type { ConfirmChannel } from 'amqplib';
import { ConfirmPublisher } from './confirm-publisher';

type Confirm = (error: unknown) => void;

/** Just enough of a confirm channel: records what was written and lets the test answer. */
class FakeChannel extends EventEmitter {
  readonly written: { routingKey: string; confirm: Confirm }[] = [];
  writable = true;

  publish(_exchange: string, routingKey: string, _content: Buffer, _options: unknown, confirm: Confirm): boolean {
    this.written.push({ routingKey, confirm });
    return this.writable;
  }
}

function publisherOn(channel: FakeChannel): ConfirmPublisher {
  return new ConfirmPublisher(channel as unknown as ConfirmChannel);
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('ConfirmPublisher', () => {
  it('when the write buffer is full, then later publishes wait for drain', async () => {
    const channel = new FakeChannel();
    const publisher = publisherOn(channel);
    channel.writable = false;

    const first = publisher.publish('x', 'a', Buffer.from('{}'), { messageId: '1' }, 1_000);
    const second = publisher.publish('x', 'b', Buffer.from('{}'), { messageId: '2' }, 1_000);
    await flush();
    expect(channel.written.map((w) => w.routingKey)).toEqual(['a']);

    channel.writable = true;
    channel.emit('drain');
    await flush();
    expect(channel.written.map((w) => w.routingKey)).toEqual(['a', 'b']);
    channel.written.forEach((w) => w.confirm(null));
    await expect(Promise.all([first, second])).resolves.toEqual([undefined, undefined]);
  });

  it('when no confirm comes in time, then the publish rejects with a timeout', async () => {
    const publisher = publisherOn(new FakeChannel());

    await expect(publisher.publish('x', 'a', Buffer.from('{}'), { messageId: '1' }, 50)).rejects.toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      details: { reason: 'timeout' },
    });
    expect(publisher.pending.size).toBe(0);
  });

  it('when the broker nacks, then the publish rejects', async () => {
    const channel = new FakeChannel();
    const publishing = publisherOn(channel).publish('x', 'a', Buffer.from('{}'), { messageId: '1' }, 1_000);
    await flush();

    channel.written[0]!.confirm(new Error('message nacked'));

    await expect(publishing).rejects.toMatchObject({ details: { reason: 'nacked' } });
  });

  it('when the message was returned before its ack, then the publish rejects as returned', async () => {
    const channel = new FakeChannel();
    const publishing = publisherOn(channel).publish('x', 'a', Buffer.from('{}'), { messageId: 'm-1' }, 1_000);
    await flush();

    channel.emit('return', { properties: { messageId: 'm-1' }, fields: { replyCode: 312, replyText: 'NO_ROUTE' } });
    channel.written[0]!.confirm(null);

    await expect(publishing).rejects.toMatchObject({ details: { reason: 'returned' }, message: expect.stringContaining('312 NO_ROUTE') });
  });

  it('when the channel closes while waiting for drain, then the publish rejects at once', async () => {
    const channel = new FakeChannel();
    const publisher = publisherOn(channel);
    channel.writable = false;
    void publisher.publish('x', 'a', Buffer.from('{}'), { messageId: '1' }, 1_000).catch(() => undefined);
    const waiting = publisher.publish('x', 'b', Buffer.from('{}'), { messageId: '2' }, 1_000);
    await flush();

    channel.emit('close');

    await expect(waiting).rejects.toMatchObject({ details: { reason: 'closed' } });
  });
});
