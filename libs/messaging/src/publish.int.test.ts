import { randomUUID } from 'node:crypto';
import { uniquePrefix, waitUntil } from '@marquee/testing';
import amqp from 'amqplib';
import { AMQP_URL, Admin, testLogger } from '../test/rabbit';
import { createBroker, type Broker, type ConsumedMessage } from './index';
import { ConfirmPublisher } from './confirm-publisher';

describe('publishing with confirms', () => {
  const prefix = uniquePrefix('pub');
  let broker: Broker;
  let admin: Admin;
  const received: ConsumedMessage[] = [];
  const jobs: ConsumedMessage[] = [];

  beforeAll(async () => {
    admin = await Admin.connect();
    broker = createBroker({ url: AMQP_URL, prefix, logger: testLogger(), connectionName: 'publish-test' });
    await broker.consume({ queue: 'tickets', bindings: ['payment.*'], handler: async (message) => void received.push(message) });
    await broker.start({ timeoutMs: 10_000 });
    await broker.consume({ queue: 'videos.process', exchangeless: true, bindings: [], handler: async (message) => void jobs.push(message) });
  });

  afterAll(async () => {
    await broker.close();
    await admin.remove(broker.declaredNames());
    await admin.close();
  });

  it('when an event is published, then it is confirmed and its consumer gets it with its properties', async () => {
    const messageId = randomUUID();

    await broker.publish('payment.succeeded', { ticketId: 't-1', amount: 1200 }, { messageId, correlationId: 'corr-1', headers: { 'x-source': 'payments' } });

    const message = await waitUntil(() => received.find((m) => m.messageId === messageId), { message: 'the consumed event' });
    expect(message).toMatchObject({
      body: { ticketId: 't-1', amount: 1200 },
      routingKey: 'payment.succeeded',
      correlationId: 'corr-1',
      attempt: 1,
      redelivered: false,
    });
    expect(message.headers['x-source']).toBe('payments');
  });

  it('when nobody is bound to a routing key, then the event is kept in the unroutable queue', async () => {
    const messageId = randomUUID();

    await broker.publish('movie.created', { movieId: 'm-1' }, { messageId });

    const kept = await waitUntil(() => admin.take(broker.exchanges.unroutable), { message: 'the unroutable event' });
    expect(kept.properties.messageId).toBe(messageId);
    expect(kept.fields.routingKey).toBe('movie.created');
    expect(JSON.parse(kept.content.toString())).toEqual({ movieId: 'm-1' });
    expect(kept.properties).toMatchObject({ contentType: 'application/json', type: 'movie.created', deliveryMode: 2 });
  });

  it('when a job is sent to a work queue, then its exchangeless consumer gets it', async () => {
    await broker.sendToQueue('videos.process', { videoId: 'v-1' }, { messageId: 'job-1' });

    const job = await waitUntil(() => jobs.find((m) => m.messageId === 'job-1'), { message: 'the job' });
    expect(job).toMatchObject({ body: { videoId: 'v-1' }, routingKey: `${prefix}videos.process`, attempt: 1 });
  });

  it('when the broker returns a mandatory message, then that publish is rejected', async () => {
    const model = await amqp.connect(AMQP_URL);
    try {
      const publisher = new ConfirmPublisher(await model.createConfirmChannel());

      const publishing = publisher.publish('', `${prefix}no-such-queue`, Buffer.from('{}'), { messageId: randomUUID(), mandatory: true }, 2_000);

      await expect(publishing).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', details: { reason: 'returned' } });
    } finally {
      await model.close();
    }
  });

  it('when a broker is not started, then publish rejects at once', async () => {
    const idle = createBroker({ url: AMQP_URL, prefix, logger: testLogger() });
    const startedAt = Date.now();

    await expect(idle.publish('payment.succeeded', {}, { messageId: randomUUID() })).rejects.toMatchObject({ details: { reason: 'not_connected' } });

    expect(Date.now() - startedAt).toBeLessThan(100);
    expect(await idle.ready()).toMatchObject({ ok: false, state: 'idle' });
    await idle.close();
  });

  it('reports ready while connected', async () => {
    expect(broker.isConnected()).toBe(true);
    expect(await broker.ready()).toEqual({ ok: true, state: 'connected', blocked: false });
  });
});
