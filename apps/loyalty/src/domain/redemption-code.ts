import { randomInt } from 'node:crypto';

/** Crockford's base 32: no I, L, O or U, so a code read aloud or typed is not mistaken. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A code a member shows to claim a reward: `MQ-XXXX-XXXX-XXXX`, 60 random bits from the CSPRNG
 * (a guessed code is as likely as a guessed UUID prefix of that size). Unique by a constraint;
 * a collision just draws again.
 */
export function newRedemptionCode(): string {
  const groups = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''));
  return `MQ-${groups.join('-')}`;
}

export const REDEMPTION_CODE_PATTERN = /^MQ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
