import { parseEvent } from './catalog';
import { favouriteAddedDataSchema, favouriteRemovedDataSchema, movieViewedDataSchema } from './engagement.events';

const user = '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a01';
const movie = '6f1c1d0a-8f1e-4f5b-9a43-3c1b2f9f0a03';

function envelopeOf(type: string, data: unknown): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: '0b6f3d5e-2c1a-4e8b-8f4d-1a2b3c4d5e6f',
    source: 'movies',
    type,
    time: '2030-05-01T10:00:00.000Z',
    datacontenttype: 'application/json',
    correlationid: 'req-1',
    data,
  };
}

describe('engagement events', () => {
  it('when a favourite is added or removed, then the event names the user and the movie', () => {
    expect(favouriteAddedDataSchema.parse({ user_id: user, movie_id: movie })).toEqual({ user_id: user, movie_id: movie });
    expect(favouriteRemovedDataSchema.parse({ user_id: user, movie_id: movie })).toEqual({ user_id: user, movie_id: movie });
  });

  it('when a movie is viewed, then the event says who, which movie and when', () => {
    const data = { user_id: user, movie_id: movie, viewed_at: '2030-05-01T09:59:59.123Z' };

    expect(movieViewedDataSchema.parse(data)).toEqual(data);
  });

  it('when an engagement event arrives on the bus, then parseEvent knows its type', () => {
    for (const type of ['favourite.added', 'favourite.removed']) {
      expect(parseEvent(envelopeOf(type, { user_id: user, movie_id: movie }))).toMatchObject({ ok: true, event: { type } });
    }
    expect(parseEvent(envelopeOf('movie.viewed', { user_id: user, movie_id: movie, viewed_at: '2030-05-01T09:00:00.000Z' })).ok).toBe(true);
  });

  it('when an id is not a UUID or the view has no time, then each bad field is named', () => {
    const bad = parseEvent(envelopeOf('favourite.added', { user_id: 'someone', movie_id: movie }));
    expect(!bad.ok && bad.errors.map((e) => e.field)).toEqual(['data.user_id']);

    const noTime = parseEvent(envelopeOf('movie.viewed', { user_id: user, movie_id: 'x' }));
    expect(!noTime.ok && noTime.errors.map((e) => e.field).sort()).toEqual(['data.movie_id', 'data.viewed_at']);
  });
});
