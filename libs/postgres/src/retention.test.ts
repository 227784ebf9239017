import { cutoffOf } from './retention';

describe('cutoffOf', () => {
  it('keeps a Date as it is', () => {
    const date = new Date('2030-01-01T00:00:00Z');
    expect(cutoffOf(date)).toBe(date);
  });

  it('counts an age in milliseconds back from now', () => {
    expect(cutoffOf(60_000, Date.parse('2030-01-01T00:01:00Z'))).toEqual(new Date('2030-01-01T00:00:00Z'));
  });

  it('refuses a negative or non-finite age', () => {
    expect(() => cutoffOf(-1)).toThrow(RangeError);
    expect(() => cutoffOf(Number.NaN)).toThrow(RangeError);
  });
});
