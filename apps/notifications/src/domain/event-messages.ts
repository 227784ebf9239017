import type {
  EventCancelledData,
  LoyaltyPointsChangedData,
  LoyaltyTierChangedData,
  PaymentFailedData,
  PaymentRefundedData,
  RegistrationCreatedData,
  RewardRedeemedData,
  TicketConfirmedData,
  TicketExpiredData,
  UserPasswordResetRequestedData,
  UserRegisteredData,
  VideoFailedData,
  VideoProcessedData,
} from '@marquee/contracts';
import type { Payload } from './delivery';

/**
 * What one event means for one user: maybe an in-app notification, maybe an e-mail, both from
 * the same template data. The template's name is also the notification's `type`.
 */
export interface Message {
  user_id: string;
  template: string;
  /** The template's data; the recipient's `name` is added at send time when absent. */
  data: Payload;
  /** The address, when the event carries it (else looked up when sending). */
  recipient: string | null;
  email: boolean;
  /** The in-app notification's text (its title is the e-mail's subject); null for none. */
  inApp: { message: string; movie_id: string | null; image: string | null } | null;
}

/** How dates and money read in messages. */
export interface MessageFormat {
  /** IANA zone of dates when the event does not carry one (NOTIFICATIONS_TIMEZONE). */
  timezone: string;
}

/**
 * The zone a ticket's times read in: its theater's own, so 19:30 in Bogotá reads 19:30 whatever
 * this service's default. Ticket events from before they carried `theater_timezone` fall back to
 * the configured zone.
 */
export function ticketTimeZone(d: { theater_timezone?: string | undefined }, f: MessageFormat): string {
  return d.theater_timezone ?? f.timezone;
}

/** `Friday, 1 May 2026, 19:30 UTC`, in `timezone`. */
export function formatWhen(iso: string, timezone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** `$12.50`, `€9.00`; an unknown code reads `12.50 XYZ`. */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

const message = (
  user_id: string,
  template: string,
  data: Payload,
  inApp: Message['inApp'],
  options: { email?: boolean; recipient?: string | null } = {},
): Message => ({ user_id, template, data, inApp, email: options.email ?? true, recipient: options.recipient ?? null });

const inApp = (text: string, movie_id: string | null = null): Message['inApp'] => ({ message: text, movie_id, image: null });

export function welcomeMessages(d: UserRegisteredData): Message[] {
  return [message(d.user_id, 'welcome', { name: d.name }, inApp('Welcome to Marquee! Browse the films and book your seats.'), { recipient: d.email })];
}

/** The code goes by e-mail only: never into an in-app notification, a log or the delivery log. */
export function passwordResetMessages(d: UserPasswordResetRequestedData, f: MessageFormat): Message[] {
  return [
    message(d.user_id, 'password_reset', { name: d.name, otp_code: d.otp_code, expires_at: formatWhen(d.expires_at, f.timezone) }, null, { recipient: d.email }),
  ];
}

export function eTicketMessages(d: TicketConfirmedData, f: MessageFormat): Message[] {
  const data = {
    ticket_id: d.ticket_id,
    movie_title: d.movie_title,
    theater_name: d.theater_name,
    starts: formatWhen(d.start_time, ticketTimeZone(d, f)),
    seats: d.seats.join(', '),
    seat_count: d.seats.length,
    amount: formatMoney(d.amount, d.currency),
  };
  return [message(d.user_id, 'e_ticket', data, inApp(`${d.movie_title}, ${data.starts}, ${d.theater_name}: seats ${data.seats}.`, d.movie_id))];
}

export function paymentFailedMessages(d: PaymentFailedData): Message[] {
  const data = { ticket_id: d.ticket_id, amount: formatMoney(d.amount, d.currency), reason: d.failure_message ?? d.failure_code, card: `${d.card.brand} …${d.card.last4}` };
  return [message(d.user_id, 'payment_failed', data, inApp(`The payment of ${data.amount} was refused (${data.reason}); the seats were released.`))];
}

export function holdExpiredMessages(d: TicketExpiredData, f: MessageFormat): Message[] {
  const data = { movie_title: d.movie_title, theater_name: d.theater_name, starts: formatWhen(d.start_time, ticketTimeZone(d, f)), seats: d.seats.join(', ') };
  return [message(d.user_id, 'hold_expired', data, inApp(`Seats ${data.seats} for ${d.movie_title} were not paid in time and are free again.`, d.movie_id))];
}

export function refundMessages(d: PaymentRefundedData): Message[] {
  const data = {
    ticket_id: d.ticket_id,
    amount: formatMoney(d.refunded_amount, d.currency),
    total_refunded: formatMoney(d.total_refunded, d.currency),
    partial: d.status === 'partially_refunded',
    card: `${d.card.brand} …${d.card.last4}`,
    reason: d.reason,
  };
  return [message(d.user_id, 'refund', data, inApp(`${data.amount} is on its way back to your ${data.card}.`))];
}

/** Every move is in the app; only points earned are e-mailed (spending and refunds have mails of their own). */
export function pointsChangedMessages(d: LoyaltyPointsChangedData): Message[] {
  const data = { delta: Math.abs(d.delta), earned: d.delta > 0, balance: d.balance, tier: d.tier, reason: d.reason.replace(/_/g, ' '), note: d.note };
  const text = d.delta > 0 ? `You earned ${d.delta} points; your balance is ${d.balance}.` : `${-d.delta} points were taken off (${data.reason}); your balance is ${d.balance}.`;
  return [message(d.user_id, 'points_changed', data, inApp(text), { email: d.delta > 0 })];
}

export function tierChangedMessages(d: LoyaltyTierChangedData): Message[] {
  const data = { from: d.from, to: d.to, lifetime_points: d.lifetime_points };
  return [message(d.user_id, 'tier_changed', data, inApp(`Your membership moved from ${d.from} to ${d.to}.`))];
}

export function rewardRedeemedMessages(d: RewardRedeemedData): Message[] {
  const data = { reward_name: d.reward_name, code: d.code, cost_points: d.cost_points, points_left: d.points_left };
  return [message(d.user_id, 'reward_redeemed', data, inApp(`${d.reward_name}: show the code ${d.code} to claim it.`))];
}

export function registrationMessages(d: RegistrationCreatedData, f: MessageFormat): Message[] {
  const data = { event_title: d.event_title, starts: formatWhen(d.event_start_at, f.timezone), sessions: d.session_ids.length };
  return [message(d.user_id, 'registration_confirmed', data, inApp(`You are registered for ${d.event_title}, ${data.starts}.`))];
}

export function eventCancelledMessages(d: EventCancelledData, f: MessageFormat): Message[] {
  const data = { title: d.title, starts: formatWhen(d.start_at, f.timezone), location: d.location, reason: d.reason };
  return [...new Set(d.attendee_ids)].map((userId) => message(userId, 'event_cancelled', data, inApp(`${d.title} (${data.starts}) will not take place.`)));
}

export function videoProcessedMessages(d: VideoProcessedData): Message[] {
  const data = { title: d.title, duration_seconds: Math.round(d.duration_seconds) };
  return [message(d.user_id, 'video_processed', data, inApp(`${d.title} is processed and can be published.`))];
}

export function videoFailedMessages(d: VideoFailedData): Message[] {
  const data = { title: d.title, error: d.error };
  return [message(d.user_id, 'video_failed', data, inApp(`${d.title} could not be processed: ${d.error}`))];
}

/** Every e-mail template the service renders (`custom_email`: an admin's message) (each has `.subject.hbs`, `.txt.hbs` and `.html.hbs`). */
export const TEMPLATES = [
  'welcome',
  'password_reset',
  'e_ticket',
  'payment_failed',
  'hold_expired',
  'refund',
  'points_changed',
  'tier_changed',
  'reward_redeemed',
  'registration_confirmed',
  'event_cancelled',
  'video_processed',
  'video_failed',
  'custom_email',
] as const;
