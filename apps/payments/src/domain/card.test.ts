import { cardBrand, cardDigits, cardProblems, passesLuhn, summarise } from './card';

const NOW = new Date('2026-06-15T12:00:00Z');
const card = (overrides: Partial<{ number: string; exp_month: number; exp_year: number; cvc: string }> = {}) => ({
  number: '4242 4242 4242 4242',
  exp_month: 12,
  exp_year: 2030,
  cvc: '123',
  ...overrides,
});

describe('card checks', () => {
  it('when a number is one of Stripe\'s test cards, then it passes Luhn; when a digit changes, it fails', () => {
    for (const n of ['4242424242424242', '4000000000000002', '4000000000009995', '5555555555554444', '378282246310005']) expect(passesLuhn(n)).toBe(true);
    expect(passesLuhn('4242424242424241')).toBe(false);
  });

  it('when the number has spaces or dashes, then brand and last four come from its digits', () => {
    expect(cardDigits('4242-4242 4242 4242')).toBe('4242424242424242');
    expect(summarise(card())).toEqual({ brand: 'visa', last4: '4242' });
    expect(cardBrand('5555555555554444')).toBe('mastercard');
    expect(cardBrand('378282246310005')).toBe('amex');
    expect(cardBrand('6011111111111117')).toBe('discover');
  });

  it('when the card is good, then there is no problem', () => {
    expect(cardProblems(card(), NOW)).toEqual([]);
    expect(cardProblems(card({ exp_year: 2026, exp_month: 6 }), NOW)).toEqual([]);
  });

  it('when Luhn fails, the year is past or the month of this year is past, then the field is named and the number never echoed', () => {
    const luhn = cardProblems(card({ number: '4242424242424241' }), NOW);
    expect(luhn).toEqual([{ field: 'body.card.number', message: expect.any(String) }]);
    expect(JSON.stringify(luhn)).not.toContain('4242424242424241');
    expect(cardProblems(card({ exp_year: 2025 }), NOW)).toEqual([{ field: 'body.card.exp_year', message: 'the card has expired' }]);
    expect(cardProblems(card({ exp_year: 2026, exp_month: 5 }), NOW)).toEqual([{ field: 'body.card.exp_month', message: 'the card has expired' }]);
    expect(cardProblems(card({ number: '4242' }), NOW)).toEqual([{ field: 'body.card.number', message: 'must be 12 to 19 digits' }]);
  });
});
