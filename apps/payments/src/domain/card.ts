import type { FieldError } from '@marquee/contracts';

/** A card as the client sends it. The number lives only in memory for the length of a charge. */
export interface CardInput {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc: string;
}

/** All that is ever kept or logged of a card. */
export interface CardSummary {
  brand: string;
  last4: string;
}

/** Digits only: spaces and dashes a person types between groups are dropped. */
export function cardDigits(number: string): string {
  return number.replace(/[\s-]/g, '');
}

/** The Luhn (mod 10) check every card number passes. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The brand from the number's prefix (IIN ranges), `unknown` when none matches. */
export function cardBrand(digits: string): string {
  if (/^4/.test(digits)) return 'visa';
  if (/^(5[1-5]|2(2[2-9][1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720))/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(digits)) return 'discover';
  if (/^35(2[89]|[3-8]\d)/.test(digits)) return 'jcb';
  if (/^3(0[0-5]|[689])/.test(digits)) return 'diners';
  if (/^62/.test(digits)) return 'unionpay';
  return 'unknown';
}

export function summarise(card: CardInput): CardSummary {
  const digits = cardDigits(card.number);
  return { brand: cardBrand(digits), last4: digits.slice(-4) };
}

/**
 * What is wrong with a card before any processor sees it: Luhn, and an expiry before the current
 * month (a card is valid through the last day of its month, here in UTC). Messages never echo the number.
 */
export function cardProblems(card: CardInput, now: Date, prefix = 'body.card'): FieldError[] {
  const problems: FieldError[] = [];
  const digits = cardDigits(card.number);
  if (!/^\d{12,19}$/.test(digits)) problems.push({ field: `${prefix}.number`, message: 'must be 12 to 19 digits' });
  else if (!passesLuhn(digits)) problems.push({ field: `${prefix}.number`, message: 'is not a valid card number (Luhn check)' });
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  if (card.exp_year < year) problems.push({ field: `${prefix}.exp_year`, message: 'the card has expired' });
  else if (card.exp_year === year && card.exp_month < month) problems.push({ field: `${prefix}.exp_month`, message: 'the card has expired' });
  return problems;
}
