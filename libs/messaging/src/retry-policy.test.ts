import { ErrorCode } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import {
  attemptsSoFar,
  decideFailure,
  InvalidMessageError,
  isPermanentError,
  originalRoutingKey,
  parkingHeaders,
  retryDelayFor,
  retryDelaysInUse,
} from './retry-policy';

const delays = [1_000, 5_000, 30_000];

describe('decideFailure', () => {
  it('retries a transient failure with the delay for its attempt, repeating the last delay', () => {
    expect(decideFailure(new Error('db down'), 1, 5, delays)).toEqual({ action: 'retry', delayMs: 1_000 });
    expect(decideFailure(new Error('db down'), 2, 5, delays)).toEqual({ action: 'retry', delayMs: 5_000 });
    expect(decideFailure(new Error('db down'), 4, 5, delays)).toEqual({ action: 'retry', delayMs: 30_000 });
  });

  it('parks after the last attempt', () => {
    expect(decideFailure(new Error('db down'), 5, 5, delays)).toEqual({ action: 'park', reason: 'max_attempts' });
  });

  it('parks a permanent failure at once, and an invalid message as invalid', () => {
    expect(decideFailure(AppError.notFound('Showtime'), 1, 5, delays)).toEqual({ action: 'park', reason: 'permanent' });
    expect(decideFailure(new InvalidMessageError('not JSON'), 1, 5, delays)).toEqual({ action: 'park', reason: 'invalid' });
  });
});

describe('isPermanentError', () => {
  it('trusts an explicit permanent flag either way', () => {
    expect(isPermanentError(Object.assign(new Error('bad'), { permanent: true }))).toBe(true);
    expect(isPermanentError(Object.assign(AppError.notFound('x'), { permanent: false }))).toBe(false);
  });

  it('treats 4xx AppErrors as permanent and 5xx ones and plain errors as transient', () => {
    expect(isPermanentError(AppError.validation([]))).toBe(true);
    expect(isPermanentError(new AppError(ErrorCode.UPSTREAM_UNAVAILABLE, 'payments down'))).toBe(false);
    expect(isPermanentError(new Error('connection reset'))).toBe(false);
    expect(isPermanentError('a string')).toBe(false);
  });
});

describe('retry delays', () => {
  it('uses one retry queue per distinct delay that maxAttempts can reach', () => {
    expect(retryDelaysInUse(5, [200, 400, 800])).toEqual([200, 400, 800]);
    expect(retryDelaysInUse(2, [200, 400, 800])).toEqual([200]);
    expect(retryDelaysInUse(1, [200, 400, 800])).toEqual([]);
  });

  it('refuses an empty delay list', () => {
    expect(() => retryDelayFor(1, [])).toThrow(/must not be empty/);
  });
});

describe('message headers', () => {
  it('counts attempts from x-attempts, ignoring nonsense', () => {
    expect(attemptsSoFar(undefined)).toBe(0);
    expect(attemptsSoFar({ 'x-attempts': 3 })).toBe(3);
    expect(attemptsSoFar({ 'x-attempts': 'abc' })).toBe(0);
  });

  it('finds the original routing key in the header, then in x-death, then in the delivery', () => {
    expect(originalRoutingKey({ 'x-original-routing-key': 'ticket.confirmed' }, 'q.events')).toBe('ticket.confirmed');
    expect(originalRoutingKey({ 'x-death': [{ 'routing-keys': ['payment.failed'] }, { 'routing-keys': ['older'] }] }, 'q.parking')).toBe('payment.failed');
    expect(originalRoutingKey({}, 'movie.created')).toBe('movie.created');
  });

  it('puts the error, attempts, routing key and time on a parked message, truncating the stack', () => {
    const error = new AppError(ErrorCode.NOT_FOUND, 'Showtime s-1 was not found');
    error.stack = 'x'.repeat(10_000);

    const headers = parkingHeaders(error, { attempt: 2, routingKey: 'ticket.reserved', exchange: 'marquee.events', reason: 'permanent', now: new Date('2026-01-02T03:04:05Z') });

    expect(headers).toMatchObject({
      'x-error-message': 'Showtime s-1 was not found',
      'x-error-name': 'AppError',
      'x-error-code': 'NOT_FOUND',
      'x-attempts': 2,
      'x-original-routing-key': 'ticket.reserved',
      'x-original-exchange': 'marquee.events',
      'x-failed-at': '2026-01-02T03:04:05.000Z',
      'x-parked-reason': 'permanent',
    });
    expect((headers['x-error-stack'] as string).length).toBe(4_000);
  });
});
