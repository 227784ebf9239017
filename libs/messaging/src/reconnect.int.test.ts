import { randomUUID } from 'node:crypto';
import { sleep, TcpProxy, uniquePrefix, waitUntil } from '@marquee/testing';
import { AMQP_URL, Admin, testLogger } from '../test/rabbit';
import { createBroker, type Broker, type ConsumedMessage } from './index';

describe('a broker behind a connection that breaks', () => {
  const prefix = uniquePrefix('reconnect');
  let proxy: TcpProxy;
  let broker: Broker;
  let admin: Admin;
  const received: ConsumedMessage[] = [];
  const receivedIds = () => received.map((m) => m.messageId);

  async function cutAndWaitForDisconnect(): Promise<void> {
    proxy.cut();
    await waitUntil(() => !broker.isConnected(), { message: 'the broker to notice the cut' });
  }

  beforeAll(async () => {
    const target = new URL(AMQP_URL);
    proxy = await TcpProxy.start(target.hostname, Number(target.port || 5672));
    admin = await Admin.connect();
    broker = createBroker({ url: proxy.url(AMQP_URL), prefix, logger: testLogger(), reconnect: { initialDelayMs: 100, maxDelayMs: 1_000 } });
    await broker.consume({
      queue: 'tickets',
      bindings: ['ticket.*'],
      handler: async (message) => {
        received.push(message);
        if (message.routingKey === 'ticket.expired' && !message.redelivered) await sleep(600);
      },
    });
    await broker.start();
  });

  afterEach(() => proxy.restore());

  afterAll(async () => {
    await broker.close();
    await proxy.close();
    await admin.remove(broker.declaredNames());
    await admin.close();
  });

  it('when the connection is cut and restored, then the consumer gets what was published meanwhile', async () => {
    const before = randomUUID();
    await broker.publish('ticket.confirmed', { n: 1 }, { messageId: before });
    await waitUntil(() => receivedIds().includes(before), { message: 'the first event' });

    await cutAndWaitForDisconnect();
    const during = randomUUID();
    await admin.publish(broker.exchanges.events, 'ticket.confirmed', { n: 2 }, during);
    await sleep(300);
    expect(receivedIds()).not.toContain(during);
    proxy.restore();

    await waitUntil(() => receivedIds().includes(during), { timeoutMs: 10_000, message: 'the event published during the cut' });
    expect(broker.isConnected()).toBe(true);
  });

  it('when the connection is cut, then publish rejects at once; after the restore it works again', async () => {
    await cutAndWaitForDisconnect();

    const startedAt = Date.now();
    await expect(broker.publish('ticket.confirmed', { n: 3 }, { messageId: randomUUID() })).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      details: { reason: 'not_connected' },
    });
    expect(Date.now() - startedAt).toBeLessThan(200);
    expect(await broker.ready()).toMatchObject({ ok: false, state: 'connecting', error: expect.any(String) });

    proxy.restore();
    await waitUntil(() => broker.isConnected(), { timeoutMs: 10_000, message: 'the reconnect' });
    const after = randomUUID();
    await broker.publish('ticket.confirmed', { n: 4 }, { messageId: after });
    await waitUntil(() => receivedIds().includes(after), { message: 'the event published after the restore' });
  });

  it('when the connection drops while a handler runs, then its message is delivered again after the reconnect', async () => {
    await waitUntil(() => broker.isConnected(), { timeoutMs: 10_000, message: 'a connection' });
    const id = randomUUID();
    await broker.publish('ticket.expired', { n: 6 }, { messageId: id });
    await waitUntil(() => receivedIds().includes(id), { message: 'the first delivery' });

    await cutAndWaitForDisconnect();
    proxy.restore();

    const again = await waitUntil(() => received.find((m) => m.messageId === id && m.redelivered), { timeoutMs: 10_000, message: 'the redelivery' });
    expect(again.attempt).toBe(1);
  });

  it('when the connection drops while a publish awaits its confirm, then that publish rejects instead of hanging', async () => {
    await waitUntil(() => broker.isConnected(), { timeoutMs: 10_000, message: 'a connection' });
    const startedAt = Date.now();

    const publishing = broker.publish('ticket.confirmed', { n: 5 }, { messageId: randomUUID(), timeoutMs: 5_000 });
    proxy.cut();

    await expect(publishing).rejects.toMatchObject({ details: { reason: 'closed' } });
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });
});
