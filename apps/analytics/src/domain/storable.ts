/** What of an event's data the log keeps, and in a form PostgreSQL can store. */

/**
 * Keys never stored: user.password_reset_requested's `otp_code` is for the notifications service
 * alone (its contract says other consumers must not store or log it).
 */
const SECRET_KEYS: Partial<Record<string, readonly string[]>> = {
  'user.password_reset_requested': ['otp_code'],
};

/** `data` without the keys its event type must not have stored. */
export function withoutSecrets(type: string, data: unknown): unknown {
  const secrets = SECRET_KEYS[type];
  if (!secrets || typeof data !== 'object' || data === null) return data;
  return Object.fromEntries(Object.entries(data).filter(([key]) => !secrets.includes(key)));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function storableText(text: string): string {
  // Ids in one case, as PostgreSQL writes uuids back: the facts compare and key them as text.
  if (UUID.test(text)) return text.toLowerCase();
  // PostgreSQL refuses NUL in text and jsonb; a lone surrogate has no UTF-8 form.
  return text.replaceAll('\u0000', '\uFFFD').toWellFormed();
}

/**
 * `value` with every string (keys included) made storable: NUL and lone surrogates become U+FFFD,
 * UUIDs are written in lower case.
 * An event from the bus has passed its contract, which does not forbid them; refusing it would
 * only park a fact the producer has already committed.
 */
export function storable(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storable);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableText(key), storable(item)]));
  }
  return value;
}
