import { randomUUID } from 'node:crypto';
import type { EventData } from '@marquee/contracts';
import { createLogger } from '@marquee/core';
import { createBroker, type Broker } from '@marquee/messaging';
import amqp, { type ChannelModel } from 'amqplib';
import { EventObserver, TEST_AMQP_URL } from './event-observer';
import { uniquePrefix } from './names';
import { waitUntil } from './wait';

function review(overrides: Partial<EventData<'review.created'>> = {}): EventData<'review.created'> {
  return { review_id: randomUUID(), movie_id: randomUUID(), user_id: randomUUID(), rating: 4, ...overrides };
}

describe('EventObserver', () => {
  const prefix = uniquePrefix('observer');
  const observer = new EventObserver({ prefix, bindings: ['review.#'] });
  // Plays the service under test: a broker of its own with a queue of its own under the same prefix.
  const service: Broker = createBroker({ url: TEST_AMQP_URL, prefix, logger: createLogger({ service: 'service', level: 'silent' }) });
  let admin: ChannelModel;

  /** `checkQueue`/`checkExchange` on a channel of its own (a 404 closes the channel). */
  async function check(kind: 'queue' | 'exchange', name: string): Promise<void> {
    const channel = await admin.createChannel();
    channel.on('error', () => undefined);
    if (kind === 'queue') await channel.checkQueue(name);
    else await channel.checkExchange(name);
    await channel.close();
  }

  beforeAll(async () => {
    admin = await amqp.connect(TEST_AMQP_URL);
    await observer.start();
    await service.start();
    await service.consume({ queue: 'reviews', bindings: ['movie.#'], handler: async () => undefined });
  });

  afterAll(async () => {
    await service.close();
    await observer.stop(service); // a no-op once the last test stopped it
    await admin.close();
  });

  it('sees what it publishes, in order, as createEvent built it', async () => {
    const first = await observer.publish('review.created', review(), { source: 'reviews' });
    const second = await observer.publish('review.deleted', review({ rating: 2 }));
    expect(first).toMatchObject({ type: 'review.created', source: 'reviews' });
    expect(second.source).toBe('observer');
    expect(await observer.waitFor('review.deleted', (d) => d.review_id === second.data.review_id)).toEqual(second);
    expect(observer.events.slice(-2)).toEqual([first, second]);
  });

  it('publishes an envelope as it is, so a duplicate is seen twice', async () => {
    const event = await observer.publish('review.created', review());
    await observer.publishEvent(event);
    await observer.waitFor('review.created', (d) => d.review_id === event.data.review_id);
    await waitUntil(() => observer.events.filter((e) => e.id === event.id).length === 2, { message: 'the duplicate' });
  });

  it('waitFor resolves with an event that arrives later, and rejects when none comes in time', async () => {
    const data = review({ rating: 5 });
    const waiting = observer.waitFor('review.created', (d) => d.review_id === data.review_id);
    let settled = false;
    void waiting.finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(settled).toBe(false);
    const event = await observer.publish('review.created', data);
    await expect(waiting).resolves.toEqual(event);
    await expect(observer.waitFor('review.created', (d) => d.review_id === 'never', 200)).rejects.toThrow('Timed out after 200 ms waiting for event review.created');
  });

  it('stop closes it and deletes every queue and exchange it and the given brokers declared', async () => {
    const mine = observer.broker.declaredNames();
    const theirs = service.declaredNames();
    expect(mine.queues).toContain(`${prefix}observer.events`);
    expect(theirs.queues).toContain(`${prefix}reviews.events`);
    const queues = [...new Set([...mine.queues, ...theirs.queues])];
    const exchanges = [...new Set([...mine.exchanges, ...theirs.exchanges])];
    for (const queue of queues) await check('queue', queue);
    for (const exchange of exchanges) await check('exchange', exchange);

    await service.close();
    await observer.stop(service, undefined);

    expect(observer.broker.isConnected()).toBe(false);
    for (const queue of queues) await expect(check('queue', queue)).rejects.toThrow(/404/);
    for (const exchange of exchanges) await expect(check('exchange', exchange)).rejects.toThrow(/404/);
  });
});
