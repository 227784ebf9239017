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
