import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import { uniquePrefix, waitUntil } from '@marquee/testing';
import { Registry } from 'prom-client';
import { AMQP_URL, Admin, testLogger } from '../test/rabbit';
import { createBroker, queueNames, type Broker, type ConsumedMessage } from './index';

describe('retries and parking', () => {
  const prefix = uniquePrefix('retry');
  const names = queueNames(prefix, 'tickets');
  const registry = new Registry();
  let broker: Broker;
  let admin: Admin;
  /** Time of every attempt, by message id. */
  const attempts = new Map<string, number[]>();
  const handled: ConsumedMessage[] = [];
  let rejectRefunds = true;

  async function handler(message: ConsumedMessage): Promise<void> {
    const id = message.messageId ?? '';
    attempts.set(id, [...(attempts.get(id) ?? []), Date.now()]);
    if (message.routingKey === 'payment.failed') throw new Error(`processor exploded for ${id}`);
    if (message.routingKey === 'payment.refunded' && rejectRefunds) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, 'refund amount is negative');
    }
    handled.push(message);
  }

  beforeAll(async () => {
    admin = await Admin.connect();
    broker = createBroker({ url: AMQP_URL, prefix, logger: testLogger(), registry });
    await broker.start();
    // prefetch 1: if a failing message held its place, nothing behind it could be delivered.
    await broker.consume({ queue: 'tickets', bindings: ['payment.*'], handler, prefetch: 1, maxAttempts: 4, retryDelaysMs: [200, 400, 800] });
  });

  afterAll(async () => {
    await broker.close();
    await admin.remove(broker.declaredNames());
    await admin.close();
  });

  it('when a handler always fails, then it is retried with growing delays and parked with its error, while later messages flow', async () => {
    const failing = randomUUID();
    await broker.publish('payment.failed', { ticketId: 't-1' }, { messageId: failing });
    const later = Array.from({ length: 5 }, () => randomUUID());
    for (const id of later) await broker.publish('payment.succeeded', { ticketId: id }, { messageId: id });

    await waitUntil(async () => (await broker.countParked('tickets')) === 1, { timeoutMs: 15_000, message: 'the failing message to be parked' });

    const times = attempts.get(failing)!;
    expect(times).toHaveLength(4);
    const gaps = times.slice(1).map((time, i) => time - times[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(180);
    expect(gaps[1]).toBeGreaterThan(gaps[0]!);
    expect(gaps[2]).toBeGreaterThan(gaps[1]!);
    expect(gaps[2]).toBeGreaterThanOrEqual(780);
    // every later message was handled before the failing one's second attempt
    const laterTimes = later.map((id) => attempts.get(id)?.[0]);
    expect(laterTimes.every((time) => time !== undefined && time < times[1]!)).toBe(true);
    expect(handled.map((m) => m.messageId).sort()).toEqual([...later].sort());

    const parked = (await admin.take(names.parking))!;
    const headers = parked.properties.headers!;
    expect(parked.properties.messageId).toBe(failing);
    expect(JSON.parse(parked.content.toString())).toEqual({ ticketId: 't-1' });
    expect(headers['x-error-message']).toBe(`processor exploded for ${failing}`);
    expect(headers['x-error-stack']).toContain('processor exploded');
    expect(headers['x-attempts']).toBe(4);
    expect(headers['x-original-routing-key']).toBe('payment.failed');
    expect(headers['x-parked-reason']).toBe('max_attempts');
    expect(Date.parse(headers['x-failed-at'])).toBeGreaterThan(times[0]! - 1000);
  });

  it('when a handler fails permanently, then the message is parked at once; re-driven, it is handled with fresh attempts', async () => {
    const id = randomUUID();
    await broker.publish('payment.refunded', { ticketId: 't-2' }, { messageId: id });

    await waitUntil(async () => (await broker.countParked('tickets')) === 1, { message: 'the refund to be parked' });
    expect(attempts.get(id)).toHaveLength(1);

    rejectRefunds = false;
    expect(await broker.redriveParked('tickets')).toBe(1);

    const message = await waitUntil(() => handled.find((m) => m.messageId === id), { message: 'the re-driven refund' });
    expect(message).toMatchObject({ routingKey: 'payment.refunded', attempt: 1, body: { ticketId: 't-2' } });
    expect(message.headers['x-redrive-count']).toBe(1);
    expect(message.headers['x-error-message']).toBeUndefined();
    expect(await broker.countParked('tickets')).toBe(0);
  });

  it('when a message is not JSON, then it is parked as invalid without reaching the handler', async () => {
    const before = attempts.size;

    await admin.publishRaw(broker.exchanges.events, 'payment.succeeded', Buffer.from('not json'), 'application/json');

    await waitUntil(async () => (await broker.countParked('tickets')) === 1, { message: 'the invalid message to be parked' });
    const parked = (await admin.take(names.parking))!;
    expect(parked.properties.headers!['x-parked-reason']).toBe('invalid');
    expect(attempts.size).toBe(before);
  });

  it('counts consumed, acked, retried and parked messages', async () => {
    const text = await registry.metrics();

    expect(text).toContain('messaging_messages_retried_total{queue="tickets"} 3');
    expect(text).toContain('messaging_messages_parked_total{queue="tickets",reason="max_attempts"} 1');
    expect(text).toContain('messaging_messages_parked_total{queue="tickets",reason="permanent"} 1');
    expect(text).toContain('messaging_messages_parked_total{queue="tickets",reason="invalid"} 1');
    expect(text).toContain('messaging_messages_acked_total{queue="tickets"} 6');
    expect(text).toContain('messaging_handlers_in_flight{queue="tickets"} 0');
  });
});
