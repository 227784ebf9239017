import { z } from 'zod';
import { type FieldError } from '../errors';
import { favouriteAddedDataSchema, favouriteRemovedDataSchema, movieViewedDataSchema } from './engagement.events';
import { createEnvelope, eventEnvelopeSchema, type CreateEventOptions, type EventEnvelope } from './envelope';
import { eventCancelledDataSchema, eventPublishedDataSchema, registrationCancelledDataSchema, registrationCreatedDataSchema } from './event.events';
import { loyaltyPointsChangedDataSchema, loyaltyTierChangedDataSchema, rewardRedeemedDataSchema } from './loyalty.events';
import { movieCreatedDataSchema, movieDeletedDataSchema, movieUpdatedDataSchema } from './movie.events';
import { paymentFailedDataSchema, paymentRefundedDataSchema, paymentSucceededDataSchema } from './payment.events';
import { reviewCreatedDataSchema, reviewDeletedDataSchema, reviewUpdatedDataSchema } from './review.events';
import { showtimeCancelledDataSchema, showtimeCreatedDataSchema, showtimeUpdatedDataSchema } from './showtime.events';
import { ticketCancelledDataSchema, ticketConfirmedDataSchema, ticketExpiredDataSchema, ticketReservedDataSchema } from './ticket.events';
import { userPasswordResetRequestedDataSchema, userRegisteredDataSchema, userUpdatedDataSchema } from './user.events';
import { videoFailedDataSchema, videoProcessedDataSchema, videoUploadedDataSchema, voteCastDataSchema } from './video.events';

/** The name of the topic exchange every domain event is published to. */
export const EVENTS_EXCHANGE = 'marquee.events';

/**
 * Every domain event's routing key, which is also its CloudEvents `type`. A key is never renamed
 * or reused for another meaning; a breaking change to an event's data gets a new key.
 */
export const EventType = {
  UserRegistered: 'user.registered',
  UserUpdated: 'user.updated',
  UserPasswordResetRequested: 'user.password_reset_requested',
  MovieCreated: 'movie.created',
  MovieUpdated: 'movie.updated',
  MovieDeleted: 'movie.deleted',
  MovieViewed: 'movie.viewed',
  FavouriteAdded: 'favourite.added',
  FavouriteRemoved: 'favourite.removed',
  ShowtimeCreated: 'showtime.created',
  ShowtimeUpdated: 'showtime.updated',
  ShowtimeCancelled: 'showtime.cancelled',
  TicketReserved: 'ticket.reserved',
  TicketConfirmed: 'ticket.confirmed',
  TicketCancelled: 'ticket.cancelled',
  TicketExpired: 'ticket.expired',
  PaymentSucceeded: 'payment.succeeded',
  PaymentFailed: 'payment.failed',
  PaymentRefunded: 'payment.refunded',
  ReviewCreated: 'review.created',
  ReviewUpdated: 'review.updated',
  ReviewDeleted: 'review.deleted',
  LoyaltyPointsChanged: 'loyalty.points_changed',
  LoyaltyTierChanged: 'loyalty.tier_changed',
  RewardRedeemed: 'reward.redeemed',
  EventPublished: 'event.published',
  EventCancelled: 'event.cancelled',
  RegistrationCreated: 'registration.created',
  RegistrationCancelled: 'registration.cancelled',
  VideoUploaded: 'video.uploaded',
  VideoProcessed: 'video.processed',
  VideoFailed: 'video.failed',
  VoteCast: 'vote.cast',
} as const;

/** A known routing key (`'ticket.reserved' | 'ticket.confirmed' | …`). */
export type EventTypeName = (typeof EventType)[keyof typeof EventType];

/** Every known routing key, e.g. to bind a queue to all of them. */
export const eventTypes = Object.values(EventType) as readonly EventTypeName[];

export const eventTypeSchema = z.enum(eventTypes as [EventTypeName, ...EventTypeName[]]);

/** The schema of each event's `data`, by routing key. Producer and consumers validate with it. */
export const eventDataSchemas = {
  [EventType.UserRegistered]: userRegisteredDataSchema,
  [EventType.UserUpdated]: userUpdatedDataSchema,
  [EventType.UserPasswordResetRequested]: userPasswordResetRequestedDataSchema,
  [EventType.MovieCreated]: movieCreatedDataSchema,
  [EventType.MovieUpdated]: movieUpdatedDataSchema,
  [EventType.MovieDeleted]: movieDeletedDataSchema,
  [EventType.MovieViewed]: movieViewedDataSchema,
  [EventType.FavouriteAdded]: favouriteAddedDataSchema,
  [EventType.FavouriteRemoved]: favouriteRemovedDataSchema,
  [EventType.ShowtimeCreated]: showtimeCreatedDataSchema,
  [EventType.ShowtimeUpdated]: showtimeUpdatedDataSchema,
  [EventType.ShowtimeCancelled]: showtimeCancelledDataSchema,
  [EventType.TicketReserved]: ticketReservedDataSchema,
  [EventType.TicketConfirmed]: ticketConfirmedDataSchema,
  [EventType.TicketCancelled]: ticketCancelledDataSchema,
  [EventType.TicketExpired]: ticketExpiredDataSchema,
  [EventType.PaymentSucceeded]: paymentSucceededDataSchema,
  [EventType.PaymentFailed]: paymentFailedDataSchema,
  [EventType.PaymentRefunded]: paymentRefundedDataSchema,
  [EventType.ReviewCreated]: reviewCreatedDataSchema,
  [EventType.ReviewUpdated]: reviewUpdatedDataSchema,
  [EventType.ReviewDeleted]: reviewDeletedDataSchema,
  [EventType.LoyaltyPointsChanged]: loyaltyPointsChangedDataSchema,
  [EventType.LoyaltyTierChanged]: loyaltyTierChangedDataSchema,
  [EventType.RewardRedeemed]: rewardRedeemedDataSchema,
  [EventType.EventPublished]: eventPublishedDataSchema,
  [EventType.EventCancelled]: eventCancelledDataSchema,
  [EventType.RegistrationCreated]: registrationCreatedDataSchema,
  [EventType.RegistrationCancelled]: registrationCancelledDataSchema,
  [EventType.VideoUploaded]: videoUploadedDataSchema,
  [EventType.VideoProcessed]: videoProcessedDataSchema,
  [EventType.VideoFailed]: videoFailedDataSchema,
  [EventType.VoteCast]: voteCastDataSchema,
} as const satisfies Record<EventTypeName, z.ZodType>;

/** The `data` of the event with routing key `K`: `EventData<'ticket.reserved'>`. */
export type EventData<K extends EventTypeName> = z.output<(typeof eventDataSchemas)[K]>;

/**
 * A checked event of type `K`. Without `K` it is the union of all events, which narrows on
 * `type`: `switch (event.type) { case EventType.TicketReserved: event.data.expires_at … }`.
 */
export type DomainEvent<K extends EventTypeName = EventTypeName> = K extends EventTypeName
  ? Omit<EventEnvelope, 'type' | 'data'> & { type: K; data: EventData<K> }
  : never;

/** Whether `type` is a routing key of the catalogue. */
export function isKnownEventType(type: unknown): type is EventTypeName {
  return typeof type === 'string' && Object.hasOwn(eventDataSchemas, type);
}

export type ParseEventResult = { ok: true; event: DomainEvent } | { ok: false; errors: FieldError[] };

function toFieldErrors(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): FieldError[] {
  return issues.map((issue) => ({
    field: [...prefix, ...issue.path].map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/**
 * Checks a received message: the envelope, that `type` is a known routing key, and `data` against
 * that event's schema. On success `event.data` is the parsed data (unknown keys dropped); on
 * failure `errors` names every bad field as a dotted path (`data.seats.0`, `time`, `type`).
 */
export function parseEvent(envelope: unknown): ParseEventResult {
  const errors: FieldError[] = [];
  const checked = eventEnvelopeSchema.safeParse(envelope);
  if (!checked.success) errors.push(...toFieldErrors(checked.error.issues));

  const { type, data: rawData } = (envelope ?? {}) as { type?: unknown; data?: unknown };
  let data: unknown;
  if (isKnownEventType(type)) {
    // a missing `data` is already reported by the envelope check
    const parsed = rawData === undefined ? undefined : eventDataSchemas[type].safeParse(rawData);
    if (parsed?.success) data = parsed.data;
    else if (parsed) errors.push(...toFieldErrors(parsed.error.issues, ['data']));
  } else if (typeof type === 'string' && type.length > 0) {
    errors.push({ field: 'type', message: `unknown event type "${type}"` });
  }

  if (errors.length > 0 || !checked.success) return { ok: false, errors };
  return { ok: true, event: { ...checked.data, data } as DomainEvent };
}

/**
 * Builds the envelope of an event of type `type`, checking `data` against its schema first, so a
 * producer bug fails where it happens (throws a `ZodError`) rather than in every consumer.
 */
export function createEvent<K extends EventTypeName>(type: K, data: EventData<K>, options: CreateEventOptions): DomainEvent<K> {
  return createEnvelope(type, eventDataSchemas[type].parse(data), options) as DomainEvent<K>;
}
