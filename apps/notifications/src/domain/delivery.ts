import type { Bounds, Slice } from '@marquee/contracts';
import type { Db } from '@marquee/service';

export const DELIVERY_CHANNELS = ['email', 'sms'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
export const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Template data: JSON values only (it is stored as jsonb until sent). */
export type Payload = Record<string, unknown>;

/** One e-mail or SMS and how its sending went. */
export interface Delivery {
  id: string;
  channel: DeliveryChannel;
  user_id: string | null;
  recipient: string | null;
  template: string;
  subject: string | null;
  payload: Payload;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  sent_at: Date | null;
  created_at: Date;
}

export interface NewDelivery {
  id: string;
  channel: DeliveryChannel;
  /** Whom it is for, when the address is to be looked up at send time. */
  user_id: string | null;
  /** The address, when already known (admin sends, events that carry it). */
  recipient: string | null;
  template: string;
  subject: string | null;
  payload: Payload;
  /** The causing event: one delivery per event, channel, template and user. */
  source_event_id: string | null;
}

export interface DeliveryFilter {
  status?: DeliveryStatus;
  channel?: DeliveryChannel;
}

/** Payload keys that are secrets: dropped from the row once the message is sent or has failed. */
export const SECRET_PAYLOAD_KEYS = ['otp_code'];

/** Longest `last_error` kept (an SMTP server may answer at length). */
export const MAX_ERROR_LENGTH = 500;

/**
 * The delay before attempt `attempts + 1`, after `attempts` failed ones: `baseMs`, doubling each
 * time, never above `maxMs`.
 */
export function backoffDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(maxMs, baseMs * 2 ** Math.min(exponent, 40));
}

/** Where deliveries live; `data/deliveries.repository.ts` implements it. */
export interface DeliveriesStore {
  /** Adds it unless the same event already queued the same message for the same user. */
  insert(db: Db, delivery: NewDelivery): Promise<void>;
  /**
   * Claims up to `limit` due pending deliveries (FOR UPDATE SKIP LOCKED, so concurrent senders
   * never take the same one): counts the attempt and pushes `next_attempt_at` out by `leaseMs`, so
   * a sender that dies mid-send leaves them to be tried again later, never lost.
   */
  claimDue(db: Db, limit: number, leaseMs: number): Promise<Delivery[]>;
  markSent(db: Db, id: string, recipient: string): Promise<void>;
  /** Records a failed attempt: pending again at `retryAt`, or `failed` for good when `retryAt` is null. */
  markAttemptFailed(db: Db, id: string, error: string, retryAt: Date | null, recipient: string | null): Promise<void>;
  page(db: Db, filter: DeliveryFilter, bounds: Bounds): Promise<Slice<Delivery>>;
}
