import { eventEnvelopeSchema } from '@marquee/contracts';
import { outboxEnvelope, buildHeaders } from './outbox';

const now = new Date('2030-01-02T03:04:05.000Z');

describe('outboxEnvelope', () => {
  it('builds a CloudEvents envelope whose type is the routing key', () => {
    const envelope = outboxEnvelope({ source: 'tickets', type: 'ticket.reserved', data: { ticketId: 't1' } }, {}, now);
    expect(envelope).toEqual({
      specversion: '1.0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      source: 'tickets',
      type: 'ticket.reserved',
      time: '2030-01-02T03:04:05.000Z',
      datacontenttype: 'application/json',
      correlationid: envelope.id,
      data: { ticketId: 't1' },
    });
  });

  it('takes the correlation id from the argument, else the context, else the request id', () => {
    const event = { source: 's', type: 't', data: null };
    const context = { correlationId: 'corr', requestId: 'req' };
    expect(outboxEnvelope({ ...event, correlationId: 'given' }, context, now).correlationid).toBe('given');
    expect(outboxEnvelope(event, context, now).correlationid).toBe('corr');
    expect(outboxEnvelope(event, { requestId: 'req' }, now).correlationid).toBe('req');
  });

  it('keeps an id given by the caller', () => {
    const id = '6c1f8a52-1d4e-4d53-9a55-0b8c2b0e7f11';
    expect(outboxEnvelope({ source: 's', type: 't', data: 1, id }, {}, now).id).toBe(id);
  });

  it('refuses an event without a type', () => {
    expect(() => outboxEnvelope({ source: 's', type: '', data: 1 }, {}, now)).toThrow(/type/);
  });

  it('is the contracts’ envelope: it reads back with their schema, and an id that is not a UUID is refused', () => {
    const envelope = outboxEnvelope({ source: 's', type: 't', data: { a: 1 } }, { requestId: 'req' }, now);
    expect(eventEnvelopeSchema.parse(envelope)).toEqual(envelope);
    expect(() => outboxEnvelope({ source: 's', type: 't', data: 1, id: 'job-1' }, {}, now)).toThrow(/id/);
  });
});

describe('buildHeaders', () => {
  it('carries the request id of the context, and the caller’s headers', () => {
    expect(buildHeaders({ source: 's', type: 't', data: 1, headers: { 'x-tenant': 'a' } }, { requestId: 'req' })).toEqual({
      'x-request-id': 'req',
      'x-tenant': 'a',
    });
    expect(buildHeaders({ source: 's', type: 't', data: 1 }, {})).toEqual({});
  });
});
