import { ErrorCode } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import type { Message } from 'amqplib';
import { failedCopy, redrivenCopy } from './parking';
import { queueNames } from './topology';

const names = queueNames('p.', 'tickets');

function delivered(headers: Record<string, unknown>, properties: Record<string, unknown> = {}): Message {
  return {
    content: Buffer.from('{"ticketId":"t-1"}'),
    fields: { exchange: 'p.marquee.events', routingKey: 'payment.failed', deliveryTag: 1, redelivered: false },
    properties: { messageId: 'm-1', correlationId: 'c-1', contentType: 'application/json', type: 'payment.failed', timestamp: 1_900_000_000, headers, ...properties },
  } as unknown as Message;
}

describe('failedCopy', () => {
  it('sends a retry to the queue of its delay with the attempt, routing key and last error, keeping the producer’s headers', () => {
    const copy = failedCopy(delivered({ 'x-request-id': 'req-1', 'x-delivery-count': 2 }), names, { action: 'retry', delayMs: 5_000 }, {
      error: new Error('db down'),
      attempt: 2,
      routingKey: 'payment.failed',
    });

    expect(copy.queue).toBe('p.tickets.events.retry.5000ms');
    expect(copy.options).toMatchObject({ messageId: 'm-1', correlationId: 'c-1', type: 'payment.failed', timestamp: 1_900_000_000, persistent: true, mandatory: true });
    expect(copy.options.headers).toEqual({
      'x-request-id': 'req-1',
      'x-attempts': 2,
      'x-original-routing-key': 'payment.failed',
      'x-original-exchange': 'p.marquee.events',
      'x-last-error': 'db down',
    });
  });

  it('parks with the error headers, and drops the last retry’s error and the broker’s bookkeeping', () => {
    const received = { 'x-last-error': 'db down', 'x-attempts': 3, 'x-original-exchange': 'first.exchange', 'x-death': [{}], 'x-tenant': 'a' };

    const copy = failedCopy(delivered(received), names, { action: 'park', reason: 'permanent' }, {
      error: new AppError(ErrorCode.NOT_FOUND, 'Ticket t-1 was not found'),
      attempt: 4,
      routingKey: 'payment.failed',
    });

    expect(copy.queue).toBe('p.tickets.events.parking');
    expect(copy.options.headers).toMatchObject({
      'x-tenant': 'a',
      'x-error-message': 'Ticket t-1 was not found',
      'x-error-code': 'NOT_FOUND',
      'x-attempts': 4,
      'x-original-exchange': 'first.exchange',
      'x-parked-reason': 'permanent',
    });
    expect(copy.options.headers['x-last-error']).toBeUndefined();
    expect(copy.options.headers['x-death']).toBeUndefined();
  });

  it('gives a message without an id one, so its confirm and returns can be matched', () => {
    const copy = failedCopy(delivered({}, { messageId: undefined }), names, { action: 'park', reason: 'invalid' }, { error: new Error('x'), attempt: 1, routingKey: 'r' });
    expect(copy.options.messageId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('redrivenCopy', () => {
  it('sends a parked message to the main queue without its failure headers, counting re-drives and keeping the routing key', () => {
    const parked = delivered({
      'x-error-message': 'boom',
      'x-error-stack': '…',
      'x-parked-reason': 'max_attempts',
      'x-attempts': 5,
      'x-failed-at': '2030-01-01T00:00:00.000Z',
      'x-original-routing-key': 'payment.refunded',
      'x-redrive-count': 1,
      'x-request-id': 'req-1',
    });

    const copy = redrivenCopy(parked, names, new Date('2030-01-02T00:00:00Z'));

    expect(copy.queue).toBe('p.tickets.events');
    expect(copy.options.messageId).toBe('m-1');
    expect(copy.options.headers).toEqual({
      'x-request-id': 'req-1',
      'x-original-routing-key': 'payment.refunded',
      'x-redriven-at': '2030-01-02T00:00:00.000Z',
      'x-redrive-count': 2,
    });
  });

  it('counts a first re-drive as 1 even when the count header is nonsense', () => {
    expect(redrivenCopy(delivered({ 'x-redrive-count': 'many' }), names).options.headers['x-redrive-count']).toBe(1);
  });
});
