import { isoDateTimeSchema, pageSchema, paginationQuerySchema } from '@marquee/contracts';
import { z } from 'zod';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES, type Delivery } from '../domain/delivery';
import { MAX_READ_IDS, type Notification } from '../domain/notification';

const uuid = () => z.uuid({ message: 'must be a UUID' });

const booleanQuery = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

export const notificationListQuerySchema = paginationQuerySchema.extend({
  unread_only: booleanQuery.default(false).meta({ description: 'Only notifications not read yet' }),
});

export const notificationSchema = z
  .object({
    id: z.uuid(),
    type: z.string().meta({ description: 'What it is about: `e_ticket`, `refund`, `points_changed`, …' }),
    title: z.string(),
    message: z.string(),
    read: z.boolean(),
    created_at: isoDateTimeSchema,
    movie_id: z.uuid().optional(),
    image: z.string().optional(),
  })
  .meta({ id: 'Notification' });

export const notificationPageSchema = pageSchema(notificationSchema)
  .extend({ unread_count: z.number().int().min(0).meta({ description: 'All my unread notifications, whatever the filter' }) })
  .meta({ id: 'NotificationPage' });

export const markReadSchema = z
  .object({
    notification_id: z.union([uuid(), z.array(uuid()).min(1, { message: 'must name at least one id' }).max(MAX_READ_IDS, { message: `must name at most ${MAX_READ_IDS} ids` })], {
      message: `must be a notification id or a list of 1 to ${MAX_READ_IDS} ids`,
    }),
  })
  .meta({ id: 'MarkNotificationsRead' });

export const markReadResultSchema = z
  .object({
    marked: z.number().int().min(0).meta({ description: 'How many of mine changed to read (someone else’s ids change nothing)' }),
    unread_count: z.number().int().min(0),
  })
  .meta({ id: 'MarkNotificationsReadResult' });

/** One line of text, no control characters: it becomes a mail header. */
const subjectSchema = z
  .string({ message: 'must be text' })
  .trim()
  .min(1, { message: 'is required' })
  .max(200, { message: 'must be at most 200 characters' })
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: 'must be one line without control characters' });

const textSchema = (max: number) =>
  z
    .string({ message: 'must be text' })
    .max(max, { message: `must be at most ${max} characters` })
    .refine((s) => s.trim().length > 0, { message: 'is required' });

export const sendEmailSchema = z
  .object({
    to: z.email({ message: 'must be an e-mail address' }).max(254, { message: 'must be an e-mail address' }),
    subject: subjectSchema,
    text: textSchema(20_000),
  })
  .meta({ id: 'SendEmail' });

export const sendSmsSchema = z
  .object({
    to: z.string({ message: 'must be a phone number' }).regex(/^\+[1-9]\d{6,14}$/, { message: 'must be a phone number in E.164 form (+15551234567)' }),
    text: textSchema(1_600),
  })
  .meta({ id: 'SendSms' });

export const queuedSchema = z
  .object({ delivery_id: z.uuid(), status: z.literal('pending') })
  .meta({ id: 'QueuedDelivery', description: 'Queued; the deliveries job sends it (see the delivery log)' });

export const deliveryListQuerySchema = paginationQuerySchema.extend({
  status: z.enum(DELIVERY_STATUSES, { message: `must be one of ${DELIVERY_STATUSES.join(', ')}` }).optional(),
  channel: z.enum(DELIVERY_CHANNELS, { message: `must be one of ${DELIVERY_CHANNELS.join(', ')}` }).optional(),
});

export const deliverySchema = z
  .object({
    id: z.uuid(),
    channel: z.enum(DELIVERY_CHANNELS),
    recipient: z.string().nullable().meta({ description: 'The address; null until it is known (looked up at send time)' }),
    user_id: z.uuid().nullable(),
    template: z.string(),
    subject: z.string().nullable(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int().min(0),
    last_error: z.string().nullable(),
    next_attempt_at: isoDateTimeSchema.nullable().meta({ description: 'When a pending delivery is tried next; null once sent or failed' }),
    sent_at: isoDateTimeSchema.nullable(),
    created_at: isoDateTimeSchema,
  })
  .meta({ id: 'Delivery' });

export const deliveryPageSchema = pageSchema(deliverySchema).meta({ id: 'DeliveryPage' });

export function notificationBody(n: Notification): z.input<typeof notificationSchema> {
  return {
    id: n.id,
    type: n.type,
    title: n.title,
    message: n.message,
    read: n.read,
    created_at: n.created_at.toISOString(),
    ...(n.movie_id ? { movie_id: n.movie_id } : {}),
    ...(n.image ? { image: n.image } : {}),
  };
}

export function deliveryBody(d: Delivery): z.input<typeof deliverySchema> {
  return {
    id: d.id,
    channel: d.channel,
    recipient: d.recipient,
    user_id: d.user_id,
    template: d.template,
    subject: d.subject,
    status: d.status,
    attempts: d.attempts,
    last_error: d.last_error,
    next_attempt_at: d.status === 'pending' ? d.next_attempt_at.toISOString() : null,
    sent_at: d.sent_at?.toISOString() ?? null,
    created_at: d.created_at.toISOString(),
  };
}
