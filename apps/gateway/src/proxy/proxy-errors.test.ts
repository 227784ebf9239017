import { CallTimeoutError } from '@marquee/resilience';
import { BodyTimeoutError, ClientGoneError, isBrokenUpstreamAnswer, isUpstreamFailure, upstreamProblem, UpstreamStatusError } from './proxy-errors';

describe('what a breaker counts', () => {
  it('counts a 502, 503 or 504 that is not JSON: a load balancer or proxy answering for a missing service', () => {
    for (const status of [502, 503, 504]) {
      expect(isBrokenUpstreamAnswer(status, 'text/plain')).toBe(true);
      expect(isBrokenUpstreamAnswer(status, 'text/html; charset=utf-8')).toBe(true);
      expect(isBrokenUpstreamAnswer(status, undefined)).toBe(true);
    }
  });

  it('never counts what the service answered itself in JSON, nor any 500 or 4xx', () => {
    for (const status of [502, 503, 504]) {
      expect(isBrokenUpstreamAnswer(status, 'application/problem+json')).toBe(false);
      expect(isBrokenUpstreamAnswer(status, 'application/json; charset=utf-8')).toBe(false);
    }
    for (const status of [200, 400, 404, 408, 429, 500, 501]) expect(isBrokenUpstreamAnswer(status, 'text/html')).toBe(false);
  });

  it('counts errors on the way, but not the client hanging up or sending its body too slowly', () => {
    expect(isUpstreamFailure(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isUpstreamFailure(new CallTimeoutError('movies', 1000))).toBe(true);
    expect(isUpstreamFailure(new UpstreamStatusError(503))).toBe(true);
    expect(isUpstreamFailure(new ClientGoneError(new Error('aborted')))).toBe(false);
    expect(isUpstreamFailure(new BodyTimeoutError(300_000))).toBe(false);
  });

  it('answers a body that did not arrive with 408 naming the body', () => {
    const problem = upstreamProblem('users', new BodyTimeoutError(300_000));
    expect(problem).toMatchObject({ status: 408, code: 'VALIDATION_FAILED', errors: [{ field: 'body' }] });
  });
});
