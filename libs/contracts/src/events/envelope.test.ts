import { createEnvelope, eventEnvelopeSchema } from './envelope';

const valid = {
  specversion: '1.0',
  id: '0b6f3d5e-2c1a-4e8b-8f4d-1a2b3c4d5e6f',
  source: 'tickets',
  type: 'ticket.confirmed',
  time: '2030-05-01T10:00:00.000Z',
  datacontenttype: 'application/json',
  data: { anything: true },
};

describe('eventEnvelopeSchema', () => {
  test('when the attributes are CloudEvents 1.0, then it parses whatever the type and data', () => {
    expect(eventEnvelopeSchema.parse({ ...valid, type: 'not.in.catalogue' })).toEqual({ ...valid, type: 'not.in.catalogue' });
  });

  test('when a correlation id is given, then it is kept', () => {
    expect(eventEnvelopeSchema.parse({ ...valid, correlationid: 'req-1' }).correlationid).toBe('req-1');
  });

  test('when the time has an explicit offset, then it is accepted', () => {
    expect(eventEnvelopeSchema.safeParse({ ...valid, time: '2030-05-01T12:00:00+02:00' }).success).toBe(true);
  });

  test('when data or the content type is missing, then each is named', () => {
    const { data: _data, datacontenttype: _type, ...rest } = valid;

    const result = eventEnvelopeSchema.safeParse(rest);

    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['datacontenttype', expect.any(String)],
      ['data', 'data is required'],
    ]);
  });
});

describe('createEnvelope', () => {
  test('when given any type and data, then it builds a CloudEvents 1.0 envelope around them unchecked', () => {
    const envelope = createEnvelope('not.in.catalogue', { anything: true }, { source: 'tickets', time: new Date(0), correlationid: 'req-1' });

    expect(envelope).toEqual({
      specversion: '1.0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      source: 'tickets',
      type: 'not.in.catalogue',
      time: '1970-01-01T00:00:00.000Z',
      datacontenttype: 'application/json',
      correlationid: 'req-1',
      data: { anything: true },
    });
    expect(eventEnvelopeSchema.parse(envelope)).toEqual(envelope);
  });

  test('when an id and a time string are given, then they are kept; without a correlation id the attribute is absent', () => {
    const envelope = createEnvelope('t', null, { source: 's', id: valid.id, time: valid.time });

    expect(envelope).toMatchObject({ id: valid.id, time: valid.time, data: null });
    expect('correlationid' in envelope).toBe(false);
  });

  test('when an attribute is bad, then it throws naming it', () => {
    expect(() => createEnvelope('t', 1, { source: '' })).toThrow(/source/);
    expect(() => createEnvelope('', 1, { source: 's' })).toThrow(/type/);
    expect(() => createEnvelope('t', 1, { source: 's', id: 'job-1' })).toThrow(/id/);
  });
});
