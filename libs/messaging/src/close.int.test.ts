import { randomUUID } from 'node:crypto';
import { sleep, TcpProxy, uniquePrefix, waitUntil } from '@marquee/testing';
import { AMQP_URL, Admin, testLogger } from '../test/rabbit';
import { createBroker, queueNames, type Broker } from './index';

/** Sockets and servers alive in this process (what would keep Jest from exiting). */
function openSockets(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind === 'TCPSocketWrap' || kind === 'TCPServerWrap') counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/** libuv releases a destroyed socket's handle a moment after its 'close' event: allow for that. */
async function expectSocketsBackTo(baseline: Record<string, number>): Promise<void> {
  await waitUntil(() => JSON.stringify(openSockets()) === JSON.stringify(baseline), { timeoutMs: 1_000, message: 'sockets to close' }).catch(() => undefined);
  expect(openSockets()).toEqual(baseline);
}

describe('closing a broker', () => {
  const prefix = uniquePrefix('close');
  let admin: Admin;
  const brokers: Broker[] = [];

  beforeAll(async () => {
    admin = await Admin.connect();
  });

  afterAll(async () => {
    for (const broker of brokers) {
      await broker.close();
      await admin.remove(broker.declaredNames());
    }
    await admin.close();
  });

  it('when closed with a handler running, then it waits for it, acks its message and leaves nothing open', async () => {
    const baseline = openSockets();
    const broker = createBroker({ url: AMQP_URL, prefix, logger: testLogger() });
    brokers.push(broker);
    let started = false;
    let finished = false;
    await broker.consume({
      queue: 'loyalty',
      bindings: ['payment.succeeded'],
      handler: async () => {
        started = true;
        await sleep(700);
        finished = true;
      },
    });
    await broker.start();
    await broker.publish('payment.succeeded', { amount: 1 }, { messageId: randomUUID() });
    await waitUntil(() => started, { message: 'the handler to start' });

    let closed = false;
    const closing = broker.close().then(() => (closed = true));
    await sleep(200);
    expect(closed).toBe(false);
    await closing;

    expect(finished).toBe(true);
    expect(await admin.messageCount(queueNames(prefix, 'loyalty').main)).toBe(0);
    await sleep(300);
    expect(broker.isConnected()).toBe(false);
    expect(await broker.ready()).toMatchObject({ ok: false, state: 'closed' });
    await expect(broker.publish('payment.succeeded', {}, { messageId: randomUUID() })).rejects.toMatchObject({ details: { reason: 'not_connected' } });
    await expectSocketsBackTo(baseline);
  });

  it('when consuming stops, then running handlers finish, nothing new is delivered (even after a reconnect), and publishing still works', async () => {
    const baseline = openSockets();
    const proxy = await startCutProxy();
    proxy.restore();
    const broker = createBroker({ url: proxy.url(AMQP_URL), prefix, logger: testLogger(), reconnect: { initialDelayMs: 50, maxDelayMs: 200 } });
    brokers.push(broker);
    const handled: number[] = [];
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await broker.consume({
      queue: 'stopper',
      bindings: ['ticket.expired'],
      handler: async (message) => {
        const n = (message.body as { n: number }).n;
        if (n === 1) await held;
        handled.push(n);
      },
    });
    await broker.start();
    await broker.publish('ticket.expired', { n: 1 }, { messageId: randomUUID() });
    await sleep(200);

    await broker.stopConsuming();
    await broker.publish('ticket.expired', { n: 2 }, { messageId: randomUUID() });
    release();
    await waitUntil(() => handled.includes(1), { message: 'the running handler to finish' });
    proxy.cut();
    await waitUntil(() => !broker.isConnected(), { message: 'the link to drop' });
    proxy.restore();
    await waitUntil(() => broker.isConnected(), { timeoutMs: 10_000, message: 'the broker to reconnect' });
    await sleep(500);

    expect(handled).toEqual([1]);
    expect(await admin.messageCount(queueNames(prefix, 'stopper').main)).toBe(1);
    await broker.close();
    await proxy.close();
    await expectSocketsBackTo(baseline);
  });

  it('when RabbitMQ is unreachable, then start gives up after its timeout with the reason, and nothing stays open', async () => {
    const baseline = openSockets();
    const proxy = await startCutProxy();
    try {
      const broker = createBroker({ url: proxy.url(AMQP_URL), prefix, logger: testLogger(), reconnect: { initialDelayMs: 50, maxDelayMs: 200 } });

      await expect(broker.start({ timeoutMs: 500 })).rejects.toThrow(/within 500 ms: Socket closed abruptly/);

      expect(await broker.ready()).toMatchObject({ ok: false, state: 'closed' });
    } finally {
      await proxy.close();
    }
    await expectSocketsBackTo(baseline);
  });

  it('when started without waiting, then it connects in the background and close stops the retries', async () => {
    const baseline = openSockets();
    const proxy = await startCutProxy();
    try {
      const broker = createBroker({ url: proxy.url(AMQP_URL), prefix, logger: testLogger(), reconnect: { initialDelayMs: 50, maxDelayMs: 200 } });
      brokers.push(broker);

      await broker.start({ wait: false });
      expect(await broker.ready()).toMatchObject({ ok: false, state: 'connecting' });
      proxy.restore();
      await waitUntil(() => broker.isConnected(), { message: 'the background connection' });
      await broker.close();
    } finally {
      await proxy.close();
    }
    await expectSocketsBackTo(baseline);
  });
});

/** A proxy to RabbitMQ that refuses every connection until restored. */
async function startCutProxy(): Promise<TcpProxy> {
  const target = new URL(AMQP_URL);
  const proxy = await TcpProxy.start(target.hostname, Number(target.port || 5672));
  proxy.cut();
  return proxy;
}
