import { z } from 'zod';
import {
  createEvent,
  eventDataSchemas,
  EventType,
  eventTypes,
  isKnownEventType,
  parseEvent,
  type DomainEvent,
  type EventData,
  type EventTypeName,
} from './catalog';
import { eventEnvelopeSchema } from './envelope';

const ids = {
  user: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a01',
  other: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a02',
  movie: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a03',
  theater: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a04',
  showtime: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a05',
  ticket: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a06',
  payment: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a07',
  refund: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a08',
  review: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a09',
  reward: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a0a',
  redemption: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a0b',
  event: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a0c',
  registration: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a0d',
  session: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a0e',
  video: '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a0f',
  envelope: '0b6f3d5e-2c1a-4e8b-8f4d-1a2b3c4d5e6f',
};

const user = {
  user_id: ids.user,
  email: 'ada@example.com',
  username: 'ada',
  first_name: 'Ada',
  last_name: 'Lovelace',
  name: 'Ada Lovelace',
  city: 'London',
  country: 'GB',
  phone_number: null,
  genres: ['Drama', 'Science Fiction'],
  role: 'user' as const,
  maturity_filter: 'teen' as const,
  preferred_language: 'en-GB',
};
const movie = {
  movie_id: ids.movie,
  title: 'Metropolis',
  year: 1927,
  release_date: '1927-01-10',
  runtime: 153,
  genres: ['Drama'],
  language: 'de',
  poster_url: null,
  tmdb_id: 19,
  is_series: false,
};
const showtime = {
  showtime_id: ids.showtime,
  movie_id: ids.movie,
  movie_title: 'Metropolis',
  theater_id: ids.theater,
  theater_name: 'Hall 1',
  theater_timezone: 'America/Bogota',
  start_time: '2030-05-01T19:30:00.000Z',
  end_time: '2030-05-01T22:03:00.000Z',
  price: 12.5,
  currency: 'USD',
  rows: ['A', 'B', 'C'],
  seats_per_row: 10,
  capacity: 30,
};
const ticket = {
  ticket_id: ids.ticket,
  user_id: ids.user,
  showtime_id: ids.showtime,
  movie_id: ids.movie,
  movie_title: 'Metropolis',
  theater_name: 'Hall 1',
  theater_timezone: 'America/Bogota',
  start_time: '2030-05-01T19:30:00.000Z',
  seats: ['A5', 'A6'],
  amount: 25,
  currency: 'USD',
  expires_at: '2030-05-01T10:10:00.000Z',
};
const payment = {
  payment_id: ids.payment,
  ticket_id: ids.ticket,
  user_id: ids.user,
  amount: 25,
  currency: 'USD',
  card: { brand: 'visa', last4: '4242' },
};
const review = { review_id: ids.review, movie_id: ids.movie, user_id: ids.user, rating: 4 };
const platformEvent = {
  event_id: ids.event,
  title: 'Silent film night',
  organizer_id: ids.other,
  category: 'screening',
  location: 'Hall 2',
  start_at: '2030-06-01T18:00:00.000Z',
  end_at: '2030-06-01T22:00:00.000Z',
  capacity: 100,
  registered: 3,
};
const registration = {
  registration_id: ids.registration,
  event_id: ids.event,
  user_id: ids.user,
  session_ids: [ids.session],
  event_title: 'Silent film night',
  event_start_at: '2030-06-01T18:00:00.000Z',
};

/** One valid `data` per routing key; the type makes the compiler check it against the catalogue. */
const samples: { [K in EventTypeName]: EventData<K> } = {
  'user.registered': user,
  'user.updated': { ...user, city: 'Paris', country: 'FR' },
  'user.password_reset_requested': {
    user_id: ids.user,
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    otp_code: '042917',
    expires_at: '2030-05-01T10:15:00.000Z',
  },
  'movie.created': { ...movie, deleted: false },
  'movie.updated': { ...movie, runtime: 150, deleted: false },
  'movie.deleted': { ...movie, deleted: true },
  'movie.viewed': { user_id: ids.user, movie_id: ids.movie, viewed_at: '2030-05-01T09:00:00.000Z' },
  'favourite.added': { user_id: ids.user, movie_id: ids.movie },
  'favourite.removed': { user_id: ids.user, movie_id: ids.movie },
  'showtime.created': { ...showtime, status: 'scheduled' },
  'showtime.updated': { ...showtime, price: 14, status: 'scheduled' },
  'showtime.cancelled': { ...showtime, status: 'cancelled', reason: 'projector broken' },
  'ticket.reserved': { ...ticket, status: 'reserved' },
  'ticket.confirmed': { ...ticket, status: 'confirmed', payment_id: ids.payment },
  'ticket.cancelled': { ...ticket, status: 'refunded', previous_status: 'confirmed', reason: 'payment_refunded' },
  'ticket.expired': { ...ticket, status: 'expired' },
  'payment.succeeded': { ...payment, status: 'succeeded' },
  'payment.failed': { ...payment, status: 'failed', failure_code: 'card_declined', failure_message: 'Your card was declined.' },
  'payment.refunded': {
    ...payment,
    status: 'partially_refunded',
    refund_id: ids.refund,
    refunded_amount: 12.5,
    total_refunded: 12.5,
    reason: null,
  },
  'review.created': review,
  'review.updated': { ...review, rating: 5, previous_rating: 4 },
  'review.deleted': review,
  'loyalty.points_changed': {
    user_id: ids.user,
    delta: 25,
    balance: 125,
    lifetime_points: 525,
    tier: 'silver',
    reason: 'ticket_purchase',
    source_id: ids.payment,
    note: null,
  },
  'loyalty.tier_changed': { user_id: ids.user, from: 'bronze', to: 'silver', lifetime_points: 525 },
  'reward.redeemed': {
    user_id: ids.user,
    reward_id: ids.reward,
    reward_name: 'Free popcorn',
    redemption_id: ids.redemption,
    cost_points: 100,
    code: 'POP-7Q2K',
    points_left: 25,
  },
  'event.published': { ...platformEvent, status: 'published' },
  'event.cancelled': { ...platformEvent, status: 'cancelled', attendee_ids: [ids.user], reason: null },
  'registration.created': registration,
  'registration.cancelled': { ...registration, session_ids: [] },
  'video.uploaded': { video_id: ids.video, user_id: ids.user, title: 'My trick shot', status: 'uploaded', publish_requested: true },
  'video.processed': {
    video_id: ids.video,
    user_id: ids.user,
    title: 'My trick shot',
    status: 'processed',
    processed_url: '/media/processed/6f1c1d0a.mp4',
    duration_seconds: 20,
  },
  'video.failed': { video_id: ids.video, user_id: ids.user, title: 'My trick shot', status: 'failed', error: 'no video stream' },
  'vote.cast': { video_id: ids.video, voter_id: ids.other, owner_id: ids.user, total_votes: 7 },
};

function envelopeOf(type: string, data: unknown): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: ids.envelope,
    source: 'tests',
    type,
    time: '2030-05-01T10:00:00.000Z',
    datacontenttype: 'application/json',
    correlationid: 'req-123',
    data,
  };
}

describe('event catalogue', () => {
  test('every routing key has a data schema, and every schema a routing key', () => {
    expect(Object.keys(eventDataSchemas).sort()).toEqual([...eventTypes].sort());
    for (const type of eventTypes) expect(eventDataSchemas[type]).toBeInstanceOf(z.ZodType);
  });

  test('routing keys are lowercase dotted past-tense facts, each used once', () => {
    expect(new Set(eventTypes).size).toBe(eventTypes.length);
    for (const type of eventTypes) expect(type).toMatch(/^[a-z]+\.[a-z_]+$/);
  });

  test('isKnownEventType accepts catalogue keys only', () => {
    expect(isKnownEventType('ticket.reserved')).toBe(true);
    expect(isKnownEventType('ticket.teleported')).toBe(false);
    expect(isKnownEventType('toString')).toBe(false);
    expect(isKnownEventType(42)).toBe(false);
  });
});

describe('parseEvent', () => {
  test.each(eventTypes)('when a valid %s arrives, then it parses with its data', (type) => {
    const result = parseEvent(envelopeOf(type, samples[type]));

    expect(result).toEqual({ ok: true, event: envelopeOf(type, samples[type]) });
  });

  test('when a ticket.reserved arrives, then its data is typed by its type', () => {
    const result = parseEvent(envelopeOf(EventType.TicketReserved, samples['ticket.reserved']));

    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const event: DomainEvent = result.event;
    // the switch narrows `data` to the event's own type; this is checked by tsc
    switch (event.type) {
      case EventType.TicketReserved:
        expect(event.data.seats).toEqual(['A5', 'A6']);
        expect(event.data.expires_at).toBe('2030-05-01T10:10:00.000Z');
        break;
      default:
        throw new Error(`unexpected ${event.type}`);
    }
  });

  test('when data has keys the schema does not know, then they are dropped, not refused', () => {
    const result = parseEvent(envelopeOf('review.created', { ...samples['review.created'], mood: 'happy' }));

    expect(result.ok && result.event.data).toEqual(samples['review.created']);
  });

  test('when a seat is not a string and the amount is negative, then the errors name both fields', () => {
    const data = { ...samples['ticket.reserved'], seats: ['A5', 6], amount: -1 };

    const result = parseEvent(envelopeOf('ticket.reserved', data));

    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.field).sort()).toEqual(['data.amount', 'data.seats.1']);
  });

  test('when a review rating is out of range, then data.rating is named', () => {
    const result = parseEvent(envelopeOf('review.updated', { ...samples['review.updated'], rating: 6 }));

    expect(!result.ok && result.errors).toEqual([{ field: 'data.rating', message: expect.any(String) }]);
  });

  test('when the showtime capacity disagrees with its layout, then data.capacity is named', () => {
    const result = parseEvent(envelopeOf('showtime.created', { ...samples['showtime.created'], capacity: 31 }));

    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(['data.capacity']);
  });

  test('when the data is missing, then data is named', () => {
    const { data: _data, ...withoutData } = envelopeOf('payment.failed', samples['payment.failed']);

    const result = parseEvent(withoutData);

    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(['data']);
  });

  test('when the type is unknown, then it is refused with an error on type', () => {
    const result = parseEvent(envelopeOf('ticket.teleported', {}));

    expect(result).toEqual({ ok: false, errors: [{ field: 'type', message: 'unknown event type "ticket.teleported"' }] });
  });

  test('when envelope attributes are wrong, then each is named', () => {
    const message = {
      ...envelopeOf('review.deleted', samples['review.deleted']),
      specversion: '0.3',
      id: 'not-a-uuid',
      time: 'yesterday',
    };

    const result = parseEvent(message);

    expect(!result.ok && result.errors.map((e) => e.field).sort()).toEqual(['id', 'specversion', 'time']);
  });

  test('when the message is not an object, then it is refused', () => {
    expect(parseEvent(null).ok).toBe(false);
    expect(parseEvent('ticket.reserved').ok).toBe(false);
  });
});

describe('createEvent', () => {
  test('when a producer builds an event, then it is a valid envelope that parses back', () => {
    const event = createEvent(EventType.VoteCast, samples['vote.cast'], { source: 'videos', correlationid: 'req-9' });

    expect(eventEnvelopeSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({ specversion: '1.0', type: 'vote.cast', source: 'videos', correlationid: 'req-9' });
    expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual({ ok: true, event });
  });

  test('when no correlation id is given, then the attribute is absent', () => {
    const event = createEvent('review.created', samples['review.created'], { source: 'reviews', time: new Date(0) });

    expect('correlationid' in event).toBe(false);
    expect(event.time).toBe('1970-01-01T00:00:00.000Z');
  });

  test('when a producer passes bad data, then it throws before anything is published', () => {
    const bad = { ...samples['vote.cast'], voter_id: ids.user } satisfies EventData<'vote.cast'>;

    expect(() => createEvent('vote.cast', bad, { source: 'videos' })).toThrow(/own video/);
  });
});

describe('user events from before maturity_filter existed', () => {
  it('read as maturity_filter "all" and preferred_language null', () => {
    const { maturity_filter: _m, preferred_language: _p, ...old } = user;
    expect(eventDataSchemas['user.updated'].parse(old)).toMatchObject({ maturity_filter: 'all', preferred_language: null });
  });
});

describe('movie events from before series existed', () => {
  it('read as films (is_series false); a series says so', () => {
    const { is_series: _s, ...old } = movie;
    expect(eventDataSchemas['movie.created'].parse({ ...old, deleted: false }).is_series).toBe(false);
    expect(eventDataSchemas['movie.updated'].parse({ ...movie, is_series: true, runtime: null, deleted: false }).is_series).toBe(true);
  });
});
