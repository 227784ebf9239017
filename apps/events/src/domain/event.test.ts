import { closedReason, draftScope, firstOverlap, listingScope, normaliseCategory, overlaps, viewerKey, within } from './event';
import { listKey } from './events.service';
import { checkSession } from './sessions.service';

const at = (hhmm: string) => new Date(`2030-05-01T${hhmm}:00.000Z`);
const span = (id: string, from: string, to: string) => ({ id, start_at: at(from), end_at: at(to) });

describe('overlaps and firstOverlap', () => {
  it('when one span ends exactly when the other starts, then they do not overlap', () => {
    expect(overlaps(span('a', '09:00', '10:00'), span('b', '10:00', '11:00'))).toBe(false);
    expect(overlaps(span('a', '09:00', '10:01'), span('b', '10:00', '11:00'))).toBe(true);
  });

  it('when a short span sits inside a long one listed far apart, then the overlap is still found', () => {
    const sessions = [span('long', '09:00', '17:00'), span('x', '18:00', '19:00'), span('inner', '12:00', '13:00')];
    expect(firstOverlap(sessions)?.map((s) => s.id)).toEqual(['long', 'inner']);
    expect(firstOverlap([span('a', '09:00', '10:00'), span('b', '10:00', '11:00')])).toBeNull();
  });

  it('when a span starts and ends inside another, then it is within it; touching the edges counts', () => {
    expect(within(span('s', '09:00', '17:00'), span('e', '09:00', '17:00'))).toBe(true);
    expect(within(span('s', '08:59', '10:00'), span('e', '09:00', '17:00'))).toBe(false);
  });
});

describe('who sees which drafts, and the cache key that follows', () => {
  it('when the caller is anonymous or a plain user, then no draft is listed and the key is shared', () => {
    expect(listingScope(undefined, undefined)).toEqual({ statuses: ['published'], drafts: { drafts: 'none' } });
    expect(viewerKey(listingScope({ id: 'u1', role: 'user' }, undefined))).toBe('public');
  });

  it('when an organizer lists without a status, then their own drafts join and the key names them', () => {
    const scope = listingScope({ id: 'o1', role: 'organizer' }, undefined);
    expect(scope).toEqual({ statuses: ['published', 'draft'], drafts: { drafts: 'own', ownerId: 'o1' } });
    expect(viewerKey(scope)).toBe('organizer:o1');
    expect(viewerKey(listingScope({ id: 'o1', role: 'organizer' }, 'published'))).toBe('public');
    expect(draftScope({ id: 'a', role: 'admin' })).toEqual({ drafts: 'all' });
    expect(viewerKey(listingScope({ id: 'a', role: 'admin' }, 'draft'))).toBe('admin');
  });

  it('when any input of a list differs, then its key differs; the same inputs give the same short key', () => {
    const base = { viewer: 'public', q: 'rust', page: 1, limit: 20 };
    expect(listKey(base)).toBe(listKey({ ...base }));
    expect(listKey(base)).not.toBe(listKey({ ...base, page: 2 }));
    expect(listKey(base)).not.toBe(listKey({ ...base, viewer: 'organizer:o1' }));
    expect(listKey(base)).toMatch(/^list:[\w-]{22}$/);
  });
});

describe('closedReason', () => {
  const now = at('12:00');
  it('when an event is a draft, cancelled or over, then it says why; published and running, it is open', () => {
    expect(closedReason({ status: 'draft', end_at: at('18:00') }, now)).toBe('This event is not published yet');
    expect(closedReason({ status: 'cancelled', end_at: at('18:00') }, now)).toBe('This event was cancelled');
    expect(closedReason({ status: 'published', end_at: at('12:00') }, now)).toBe('This event is over');
    expect(closedReason({ status: 'published', end_at: at('12:01') }, now)).toBeNull();
  });
});

describe('checkSession', () => {
  const event = { start_at: at('09:00'), end_at: at('17:00'), capacity: 50 };
  const session = { title: 't', speaker: null, room: 'A', start_at: at('10:00'), end_at: at('11:00'), capacity: 50 };

  it('when a session fits its event, then nothing is thrown', () => {
    expect(() => checkSession(event, session)).not.toThrow();
    expect(() => checkSession(event, { ...session, start_at: at('09:00'), end_at: at('17:00') })).not.toThrow();
  });

  it('when a session spills over or is bigger than the event, then a 400 names each field', () => {
    const fields = (s: typeof session) => {
      try {
        checkSession(event, s);
        return [];
      } catch (error) {
        return (error as { errors: { field: string }[] }).errors.map((e) => e.field);
      }
    };
    expect(fields({ ...session, start_at: at('08:00') })).toEqual(['body.start_at']);
    expect(fields({ ...session, end_at: at('17:30') })).toEqual(['body.end_at']);
    expect(fields({ ...session, capacity: 51 })).toEqual(['body.capacity']);
    expect(fields({ ...session, start_at: at('18:00'), end_at: at('19:00') })).toEqual(['body.start_at', 'body.end_at']);
  });
});

describe('normaliseCategory', () => {
  it('when a category has case and spacing of its own, then it is folded to one form', () => {
    expect(normaliseCategory('  Machine   Learning ')).toBe('machine learning');
  });
});
