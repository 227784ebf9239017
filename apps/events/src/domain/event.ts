/** The events platform's model (talks, workshops), and the rules that need no database. */

export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const MAX_TITLE_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 5000;
export const MAX_LOCATION_LENGTH = 200;
export const MAX_CATEGORY_LENGTH = 50;
export const MAX_SPEAKER_LENGTH = 200;
export const MAX_ROOM_LENGTH = 100;
export const MAX_REASON_LENGTH = 500;
export const MAX_CAPACITY = 100_000;
/** Sessions one registration may choose. */
export const MAX_SESSIONS_PER_REGISTRATION = 50;

export interface Event {
  id: string;
  organizer_id: string;
  title: string;
  description: string | null;
  location: string | null;
  category: string | null;
  start_at: Date;
  end_at: Date;
  capacity: number;
  registered: number;
  status: EventStatus;
}

export interface Session {
  id: string;
  event_id: string;
  title: string;
  speaker: string | null;
  room: string;
  start_at: Date;
  end_at: Date;
  capacity: number;
  registered: number;
}

export interface EventWithSessions extends Event {
  sessions: Session[];
}

export interface NewEvent {
  title: string;
  description: string | null;
  location: string | null;
  category: string | null;
  start_at: Date;
  end_at: Date;
  capacity: number;
}

/** What an edit may change; absent fields stay as they are. */
export type EventChanges = Partial<NewEvent>;

export interface NewSession {
  title: string;
  speaker: string | null;
  room: string;
  start_at: Date;
  end_at: Date;
  /** The event's capacity when left out. */
  capacity?: number;
}

export type SessionChanges = Partial<Omit<NewSession, 'capacity'>> & { capacity?: number };

export interface Registration {
  id: string;
  event_id: string;
  user_id: string;
  status: 'active' | 'cancelled';
  session_ids: string[];
  created_at: Date;
}

/** One of my registrations with the event it is for. */
export interface MyRegistration {
  registration: Registration;
  event: Event;
}

export interface Attendee {
  registration_id: string;
  user_id: string;
  /** From the user.* read model; null until this service has heard of the user. */
  name: string | null;
  session_ids: string[];
  registered_at: Date;
}

/** Who is acting: the token's subject and role. */
export interface Actor {
  id: string;
  role: 'user' | 'organizer' | 'admin';
}

/** Which drafts a caller may see besides everything published. */
export type DraftScope = { drafts: 'none' } | { drafts: 'own'; ownerId: string } | { drafts: 'all' };

/** Filters of the event list. */
export interface EventFilter {
  /** Full-text search over title, description and location (websearch syntax). */
  q?: string;
  category?: string;
  /** Events still going on at or after this instant (end_at > from). */
  from?: Date;
  /** Events that begin before this instant (start_at < to). */
  to?: Date;
  status?: EventStatus;
}

/** What the list query runs: statuses to show, and which drafts among them. */
export interface ListingScope {
  statuses: EventStatus[];
  drafts: DraftScope;
}

/**
 * Drafts are private: an organizer sees their own, an admin all of them, everyone else none. A
 * cancelled event stays readable (its attendees look it up) but is listed only when asked for
 * with `status=cancelled`.
 */
export function draftScope(actor: Actor | undefined): DraftScope {
  if (!actor) return { drafts: 'none' };
  if (actor.role === 'admin') return { drafts: 'all' };
  if (actor.role === 'organizer') return { drafts: 'own', ownerId: actor.id };
  return { drafts: 'none' };
}

export function listingScope(actor: Actor | undefined, status: EventStatus | undefined): ListingScope {
  const drafts = draftScope(actor);
  if (status) return { statuses: [status], drafts };
  return { statuses: drafts.drafts === 'none' ? ['published'] : ['published', 'draft'], drafts };
}

/**
 * Who the list's answer depends on, for its cache key: nobody when no draft can be in it, the
 * caller's id for an organizer's own drafts, `admin` for every draft.
 */
export function viewerKey(scope: ListingScope): string {
  if (!scope.statuses.includes('draft') || scope.drafts.drafts === 'none') return 'public';
  return scope.drafts.drafts === 'all' ? 'admin' : `organizer:${scope.drafts.ownerId}`;
}

export function isOwnerOrAdmin(actor: Actor | undefined, event: Pick<Event, 'organizer_id'>): boolean {
  return !!actor && (actor.role === 'admin' || actor.id === event.organizer_id);
}

/** A draft is visible to its owner and admins only; published and cancelled events to anyone. */
export function canSee(actor: Actor | undefined, event: Pick<Event, 'organizer_id' | 'status'>): boolean {
  return event.status !== 'draft' || isOwnerOrAdmin(actor, event);
}

/** An event is over once it has ended. */
export function isOver(event: Pick<Event, 'end_at'>, now: Date): boolean {
  return event.end_at.getTime() <= now.getTime();
}

/** Why an event takes no registration now, or null when it does. */
export function closedReason(event: Pick<Event, 'status' | 'end_at'>, now: Date): string | null {
  if (event.status === 'draft') return 'This event is not published yet';
  if (event.status === 'cancelled') return 'This event was cancelled';
  if (isOver(event, now)) return 'This event is over';
  return null;
}

interface Span {
  start_at: Date;
  end_at: Date;
}

/** Half-open spans [start, end) overlap: one ending exactly when the other starts does not. */
export function overlaps(a: Span, b: Span): boolean {
  return a.start_at.getTime() < b.end_at.getTime() && b.start_at.getTime() < a.end_at.getTime();
}

export function within(inner: Span, outer: Span): boolean {
  return inner.start_at.getTime() >= outer.start_at.getTime() && inner.end_at.getTime() <= outer.end_at.getTime();
}

/** The first two of `sessions` whose times overlap, or null. */
export function firstOverlap<S extends Span & { id: string }>(sessions: readonly S[]): [S, S] | null {
  const sorted = [...sessions].sort((a, b) => a.start_at.getTime() - b.start_at.getTime() || a.id.localeCompare(b.id));
  for (let i = 1; i < sorted.length; i += 1) {
    const previous = sorted[i - 1] as S;
    const current = sorted[i] as S;
    if (overlaps(previous, current)) return [previous, current];
  }
  return null;
}

/** Text as stored: trimmed, inner runs of white space folded to one space. */
export function normaliseText(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** Categories compare case-insensitively: stored and filtered in lower case. */
export function normaliseCategory(category: string): string {
  return normaliseText(category).toLowerCase();
}

/** An event read back from the cache (JSON): its dates are strings again. */
export function reviveEvent<E extends Event>(event: E): E {
  return { ...event, start_at: new Date(event.start_at), end_at: new Date(event.end_at) };
}

export function reviveSession(session: Session): Session {
  return { ...session, start_at: new Date(session.start_at), end_at: new Date(session.end_at) };
}
