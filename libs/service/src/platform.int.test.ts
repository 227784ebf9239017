import { createLogger } from '@marquee/core';
import { createBroker, type Broker } from '@marquee/messaging';
import { TcpProxy, uniquePrefix, waitUntil, sleep, type TestDatabase } from '@marquee/testing';
import amqp from 'amqplib';
import { randomUUID } from 'node:crypto';
import { startFixtureService, type FixtureService } from '../test/fixture-service';
import { AMQP_URL, createFixtureDatabase } from '../test/helpers';

const logger = createLogger({ service: 'platform-test', level: 'silent' });

async function counter(service: FixtureService, name: string, labels: Record<string, string>): Promise<number> {
  const metrics = await service.platform.registry.getMetricsAsJSON();
  const metric = metrics.find((m) => m.name === name);
  const values = (metric?.values ?? []) as { value: number; labels: Record<string, string | number> }[];
  return values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((sum, v) => sum + v.value, 0);
}

function movieEvent(title: string, overrides: Record<string, unknown> = {}) {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: 'test',
    type: 'movie.created',
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: {
      movie_id: randomUUID(),
      title,
      year: 1999,
      release_date: null,
      runtime: 136,
      genres: ['Science Fiction'],
      language: 'en',
      poster_url: null,
      tmdb_id: null,
      is_series: false,
      deleted: false,
      ...overrides,
    },
  };
}

describe('platform: outbox, inbox and consumers on the real servers', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let service: FixtureService;
  let observer: Broker;
  const prefix = uniquePrefix('svc');
  const observed: { id: string; data: { movie_id: string } }[] = [];

  beforeAll(async () => {
    db = await createFixtureDatabase();
    proxy = await TcpProxy.start('127.0.0.1', Number(new URL(AMQP_URL).port || 5672));
    service = await startFixtureService({
      FIXTURE_DATABASE_URL: db.url,
      AMQP_URL: proxy.url(AMQP_URL),
      AMQP_PREFIX: prefix,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      FIXTURE_GREETING: 'hello',
      // Retries come from the base config.
      EVENT_RETRY_DELAYS_MS: '100,200,400',
      EVENT_MAX_ATTEMPTS: '4',
    });
    await waitUntil(() => service.platform.broker.isConnected(), { message: 'service broker connected' });
    // A second, direct connection watches what reaches the exchange.
    observer = createBroker({ url: AMQP_URL, prefix, logger, connectionName: 'observer' });
    await observer.start();
    await observer.consume({
      queue: 'observer',
      bindings: ['movie.created'],
      handler: async (message) => void observed.push(message.body as (typeof observed)[number]),
    });
  });

  afterAll(async () => {
    await service?.platform.stop();
    if (observer) {
      const names = [...new Set([...observer.declaredNames().queues, ...(service?.platform.broker.declaredNames().queues ?? [])])];
      const exchanges = observer.declaredNames().exchanges;
      await observer.close();
      const connection = await amqp.connect(AMQP_URL);
      const channel = await connection.createChannel();
      for (const queue of names) await channel.deleteQueue(queue);
      for (const exchange of exchanges) await channel.deleteExchange(exchange);
      await connection.close();
    }
    await proxy?.close();
    await db?.drop();
  });

  it('when RabbitMQ is unreachable, then the request still succeeds and its event is delivered after the broker is back', async () => {
    proxy.cut();
    await waitUntil(() => !service.platform.broker.isConnected(), { message: 'broker disconnected' });

    const started = Date.now();
    const res = await fetch(`${service.url}/movies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'The Matrix' }),
    });
    expect(res.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(2000);
    const { id } = (await res.json()) as { id: string };

    await sleep(500);
    expect(observed.find((e) => e.data.movie_id === id)).toBeUndefined();
    const pending = await service.platform.pool.query('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL');
    expect(pending.rows[0].n).toBe(1);

    proxy.restore();
    await waitUntil(() => observed.find((e) => e.data.movie_id === id), { timeoutMs: 20_000, message: 'event after restore' });
    // and the service's own consumer, reconnected too, applied it
    await waitUntil(
      async () => (await service.platform.pool.query('SELECT 1 FROM seen_movies WHERE movie_id = $1', [id])).rowCount === 1,
      { timeoutMs: 20_000, message: 'consumer applied the event' },
    );
  });

  it('when one event is delivered twice, then its effect happens once', async () => {
    const event = movieEvent('Heat');
    const acked = await counter(service, 'messaging_messages_acked_total', { queue: 'fixture' });
    await observer.publish('movie.created', event, { messageId: event.id });
    await observer.publish('movie.created', event, { messageId: event.id });

    await waitUntil(async () => (await counter(service, 'messaging_messages_acked_total', { queue: 'fixture' })) >= acked + 2, {
      message: 'both deliveries acked',
    });
    const row = await service.platform.pool.query('SELECT times_applied FROM seen_movies WHERE movie_id = $1', [event.data.movie_id]);
    expect(row.rows).toEqual([{ times_applied: 1 }]);
    const inbox = await service.platform.pool.query('SELECT count(*)::int AS n FROM inbox WHERE event_id = $1', [event.id]);
    expect(inbox.rows[0].n).toBe(1);
  });

  it('when a handler always throws, then the event is retried with growing delays and parked with its error while later events flow', async () => {
    const failing = movieEvent('always fails');
    const later = movieEvent('Ronin');
    await observer.publish('movie.created', failing, { messageId: failing.id });
    await observer.publish('movie.created', later, { messageId: later.id });

    await waitUntil(
      async () => (await service.platform.pool.query('SELECT 1 FROM seen_movies WHERE movie_id = $1', [later.data.movie_id])).rowCount === 1,
      { message: 'the later event applied' },
    );
    const parkedBefore = await service.platform.broker.countParked('fixture');
    expect(parkedBefore).toBe(0);

    await waitUntil(async () => (await service.platform.broker.countParked('fixture')) === 1, { timeoutMs: 15_000, message: 'parked' });
    const connection = await amqp.connect(AMQP_URL);
    const channel = await connection.createChannel();
    const parked = await channel.get(`${prefix}fixture.events.parking`, { noAck: false });
    await channel.nack(parked as amqp.GetMessage, false, true);
    await connection.close();
    expect(parked).not.toBe(false);
    const message = parked as amqp.GetMessage;
    expect(JSON.parse(message.content.toString()).id).toBe(failing.id);
    expect(String(message.properties.headers?.['x-error-message'])).toContain('projector on fire');
    expect(Number(message.properties.headers?.['x-attempts'])).toBe(4);
    // nothing of the failing event was written
    const rows = await service.platform.pool.query('SELECT 1 FROM seen_movies WHERE movie_id = $1', [failing.data.movie_id]);
    expect(rows.rowCount).toBe(0);
  });

  it('when an event breaks its contract, then it is parked at once, not retried', async () => {
    const bad = movieEvent('Broken', { runtime: -5 });
    const parkedBefore = await service.platform.broker.countParked('fixture');
    const retriedBefore = await counter(service, 'messaging_messages_retried_total', { queue: 'fixture' });
    await observer.publish('movie.created', bad, { messageId: bad.id });
    await waitUntil(async () => (await service.platform.broker.countParked('fixture')) === parkedBefore + 1, { message: 'parked' });
    expect(await counter(service, 'messaging_messages_retried_total', { queue: 'fixture' })).toBe(retriedBefore);
  });

  it('answers /ready with every dependency named', async () => {
    const res = await fetch(`${service.url}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ checks: { postgres: 'ok', redis: 'ok', rabbitmq: 'ok' } });
  });
});
