import { backoffDelayMs } from './delivery';
import { formatMoney, formatWhen } from './event-messages';

describe('backoffDelayMs', () => {
  it('when attempts fail one after another, then the delay doubles from the base', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, 1_000, 60_000))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('when the doubled delay passes the maximum, then the maximum is used, even after very many attempts', () => {
    expect(backoffDelayMs(10, 1_000, 60_000)).toBe(60_000);
    expect(backoffDelayMs(10_000, 1_000, 60_000)).toBe(60_000);
  });
});

describe('message formatting', () => {
  it('when a time is shown, then it is in the given timezone, with the zone named', () => {
    expect(formatWhen('2030-05-03T19:30:00.000Z', 'Europe/Paris')).toMatch(/Friday.*3 May 2030.*21:30.*CEST/);
    expect(formatWhen('2030-05-03T19:30:00.000Z', 'UTC')).toMatch(/19:30.*UTC/);
  });

  it('when money is shown, then it has its currency; an unknown code still reads', () => {
    expect(formatMoney(25, 'USD')).toBe('$25.00');
    expect(formatMoney(9.5, 'EUR')).toBe('€9.50');
  });
});
