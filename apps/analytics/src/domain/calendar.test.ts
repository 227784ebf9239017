import { addDays, bucketsOf, isCalendarDay, isTimeZone, localDay, resolvePeriod } from './calendar';

describe('localDay', () => {
  it('when an instant is late in the evening west of Greenwich, then its local day is the day before its UTC day', () => {
    const instant = new Date('2026-03-01T03:30:00Z');
    expect(localDay(instant, 'UTC')).toBe('2026-03-01');
    expect(localDay(instant, 'America/New_York')).toBe('2026-02-28');
    expect(localDay(instant, 'Asia/Tokyo')).toBe('2026-03-01');
  });

  it('when the clocks change, then the day still follows the local calendar', () => {
    // Europe/Lisbon moves from UTC+0 to UTC+1 at 01:00 UTC on 2026-03-29.
    expect(localDay(new Date('2026-03-28T23:30:00Z'), 'Europe/Lisbon')).toBe('2026-03-28');
    expect(localDay(new Date('2026-03-29T23:30:00Z'), 'Europe/Lisbon')).toBe('2026-03-30');
  });

  it('when a zone name is not a time zone, then isTimeZone says so', () => {
    expect(isTimeZone('Europe/Lisbon')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});

describe('isCalendarDay and addDays', () => {
  it('when a date does not exist or is not YYYY-MM-DD, then it is refused', () => {
    expect(isCalendarDay('2024-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2020-02-30')).toBe(false);
    expect(isCalendarDay('2026-1-5')).toBe(false);
    expect(isCalendarDay('2026-01-05T00:00:00Z')).toBe(false);
  });

  it('when days are added across a month and a leap day, then the calendar is followed', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('resolvePeriod', () => {
  it('when nothing is given, then it is the 30 days ending today', () => {
    expect(resolvePeriod({}, '2026-03-31')).toEqual({ ok: true, period: { from: '2026-03-02', to: '2026-03-31' } });
  });

  it('when from is after to, then from is named; when the period is too long, then to is named', () => {
    expect(resolvePeriod({ from: '2026-04-01', to: '2026-03-31' }, '2026-03-31')).toMatchObject({ ok: false, field: 'from' });
    expect(resolvePeriod({ from: '2000-01-01', to: '2026-03-31' }, '2026-03-31')).toMatchObject({ ok: false, field: 'to' });
    expect(resolvePeriod({ from: '2026-03-31', to: '2026-03-31' }, '2026-01-01')).toEqual({ ok: true, period: { from: '2026-03-31', to: '2026-03-31' } });
  });
});

describe('bucketsOf', () => {
  it('when weeks are asked, then they start on Monday and the first and last are clipped to the period', () => {
    // 2026-01-01 is a Thursday.
    expect(bucketsOf({ from: '2026-01-01', to: '2026-01-14' }, 'week')).toEqual([
      { from: '2026-01-01', to: '2026-01-04' },
      { from: '2026-01-05', to: '2026-01-11' },
      { from: '2026-01-12', to: '2026-01-14' },
    ]);
  });

  it('when months are asked, then each is a calendar month, clipped', () => {
    expect(bucketsOf({ from: '2024-01-15', to: '2024-03-10' }, 'month')).toEqual([
      { from: '2024-01-15', to: '2024-01-31' },
      { from: '2024-02-01', to: '2024-02-29' },
      { from: '2024-03-01', to: '2024-03-10' },
    ]);
  });

  it('when days are asked, then there is one bucket per day, empty ones included', () => {
    expect(bucketsOf({ from: '2026-01-30', to: '2026-02-02' }, 'day').map((b) => b.from)).toEqual(['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02']);
  });
});

describe('bucketsOf at the end of the calendar', () => {
  it('when the period ends on 9999-12-31, then the buckets stop there', () => {
    expect(bucketsOf({ from: '9999-12-30', to: '9999-12-31' }, 'day')).toEqual([
      { from: '9999-12-30', to: '9999-12-30' },
      { from: '9999-12-31', to: '9999-12-31' },
    ]);
    expect(bucketsOf({ from: '9999-12-02', to: '9999-12-31' }, 'month')).toEqual([{ from: '9999-12-02', to: '9999-12-31' }]);
    expect(bucketsOf({ from: '9999-12-02', to: '9999-12-31' }, 'week').at(-1)).toEqual({ from: '9999-12-27', to: '9999-12-31' });
  });
});
