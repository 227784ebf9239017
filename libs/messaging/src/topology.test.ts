import { exchangeNames, mainQueueArguments, queueNames, retryQueueArguments } from './topology';

describe('names', () => {
  it('prefixes the events exchange and derives its unroutable exchange and queue', () => {
    expect(exchangeNames('test.x.', 'marquee.events')).toEqual({ events: 'test.x.marquee.events', unroutable: 'test.x.marquee.events.unroutable' });
  });

  it('names a service queue <prefix><service>.events with parking and per-delay retry queues', () => {
    const names = queueNames('p.', 'tickets');

    expect(names.main).toBe('p.tickets.events');
    expect(names.parking).toBe('p.tickets.events.parking');
    expect(names.retry(5_000)).toBe('p.tickets.events.retry.5000ms');
  });

  it('keeps the name of a work queue', () => {
    expect(queueNames('', 'videos.process', true).main).toBe('videos.process');
  });
});

describe('queue arguments', () => {
  it('makes the main queue a quorum queue dead-lettering to its parking queue', () => {
    expect(mainQueueArguments(queueNames('', 'tickets'))).toMatchObject({
      'x-queue-type': 'quorum',
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': 'tickets.events.parking',
    });
  });

  it('makes a retry queue expire its messages back into the main queue', () => {
    expect(retryQueueArguments(queueNames('', 'tickets'), 400)).toMatchObject({
      'x-message-ttl': 400,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': 'tickets.events',
    });
  });
});
