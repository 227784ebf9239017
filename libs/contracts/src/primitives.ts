import { z } from 'zod';

/**
 * Field types every contract shares, so an id, a timestamp or an amount is checked the same way in
 * REST bodies and event data.
 */

/** A UUID (RFC 9562), the shape of every id. */
export const uuidSchema = z.uuid();

/**
 * An ISO 8601 / RFC 3339 timestamp (`2025-05-01T19:30:00.000Z`). Producers write UTC
 * (`Date#toISOString()`); an explicit offset is accepted so a consumer never rejects a valid instant.
 */
export const isoDateTimeSchema = z.iso.datetime({ offset: true });

/** A calendar date without time (`2025-05-01`), e.g. a movie's release date. */
export const isoDateSchema = z.iso.date();

/** Money as a decimal number in the currency's unit (`12.5` is 12.50), never negative. */
export const moneySchema = z.number().nonnegative();

/** An ISO 4217 currency code in upper case (`USD`). */
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, { error: 'expected an ISO 4217 code such as "USD"' });

/** The currency used when a client does not name one. */
export const DEFAULT_CURRENCY = 'USD';

// A zone name ("UTC", "Europe/Paris", "Etc/GMT+5"), never an offset like "+01:00": an offset is not
// a place (no daylight-saving rules), and PostgreSQL reads offsets POSIX-style, sign inverted.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

// Answers by zone name: building an Intl.DateTimeFormat costs tens of microseconds, and every
// showtime and ticket event names a zone (it was 8 % of a service's CPU in the booking rush).
// Only names that pass the pattern are kept, and there are a few hundred zones at most.
const knownZones = new Map<string, boolean>();

/** Whether `name` is an IANA timezone name this runtime (and PostgreSQL, with the same tz data) knows. */
export function isTimeZone(name: string): boolean {
  if (name.length > 64 || !ZONE_NAME.test(name)) return false;
  let known = knownZones.get(name);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      known = true;
    } catch {
      known = false;
    }
    if (knownZones.size < 2_000) knownZones.set(name, known);
  }
  return known;
}

/** The zone's canonical spelling ("europe/paris" → "Europe/Paris"); call after `isTimeZone`. */
export function canonicalTimeZone(name: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
}

/** An IANA timezone name (`America/Bogota`), as a theater's clock runs or a report buckets days. */
export const timeZoneSchema = z.string().refine(isTimeZone, { error: 'expected an IANA timezone such as "UTC" or "Europe/Paris"' });
