import path from 'node:path';
import { isTimeZone } from '@marquee/contracts';
import { urlVar } from '@marquee/core';
import { usersDirectoryConfigShape } from '@marquee/service';
import { z } from 'zod';

const ms = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * The notifications service's own environment variables, validated with the shared ones at start
 * (every bad one named). Defaults work on a developer machine: no SMTP server, mail written as
 * `.eml` files under `./var/mail-outbox`.
 */
export const notificationsConfigShape = {
  /** Timezone of dates in messages when the event does not carry the theater's own. */
  NOTIFICATIONS_TIMEZONE: z
    .string()
    .refine(isTimeZone, { message: 'must be an IANA timezone such as UTC or Europe/Paris' })
    .default('UTC'),
  /** `smtp://user:pass@host:587` or `smtps://…`; unset: mail goes to MAIL_OUTBOX_DIR as `.eml` files. */
  SMTP_URL: urlVar('smtp:', 'smtps:').optional(),
  /** Connection, greeting and socket timeout of one SMTP send. */
  SMTP_TIMEOUT_MS: ms(100, 120_000, 15_000),
  /** Where mail is written when SMTP_URL is unset (relative to the process's working directory). */
  MAIL_OUTBOX_DIR: z
    .string()
    .min(1)
    .default('var/mail-outbox')
    .transform((dir) => path.resolve(dir)),
  MAIL_FROM: z.string().min(3).default('Marquee <no-reply@marquee.local>'),
  /** The handlebars templates (`<type>.subject|txt|html.hbs`); default the folder beside the code. */
  TEMPLATES_DIR: z.string().min(1).default(path.join(__dirname, 'templates')),
  /** How often the deliveries job looks for messages due. */
  DELIVERY_INTERVAL_MS: ms(20, 3_600_000, 2_000),
  /** Deliveries claimed per turn of the loop (each claim its own short transaction). */
  DELIVERY_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000).default(50),
  /** Attempts before a delivery ends `failed`. */
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  /** The first retry's delay; each later one doubles, up to DELIVERY_BACKOFF_MAX_MS. */
  DELIVERY_BACKOFF_MS: ms(10, 3_600_000, 5_000),
  DELIVERY_BACKOFF_MAX_MS: ms(10, 86_400_000, 3_600_000),
  /**
   * How long a claimed delivery is left alone: a process that dies mid-send leaves it pending, and
   * it is tried again after this. Longer than one send can take.
   */
  DELIVERY_LEASE_MS: ms(1_000, 3_600_000, 120_000),
  /** The users service: the backfill of the recipients read model and the lookup on a miss ask it. */
  ...usersDirectoryConfigShape,
};
