/**
 * Calendar days in the reporting time zone. A day is an ISO date string (`2026-03-29`); the
 * arithmetic on days is done in UTC, where every day has 24 hours, so only the step from an
 * instant to its local day needs the zone.
 */

export type Granularity = 'day' | 'week' | 'month';

/** A period of whole days, both ends included. */
export interface Period {
  from: string;
  to: string;
}

/** Longest period a report covers (about ten years). */
export const MAX_PERIOD_DAYS = 3660;

/** Days a report covers when the request gives no `from`. */
export const DEFAULT_PERIOD_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD; the parts are read one by one anyway.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format;
}

export { isTimeZone } from '@marquee/contracts';

/** The calendar day of `instant` in `timeZone`. */
export function localDay(instant: Date, timeZone: string): string {
  const parts = formatter(timeZone).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

function toUtc(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whether `day` is a real calendar day written as YYYY-MM-DD (no 2026-02-30). */
export function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const ms = toUtc(day);
  return !Number.isNaN(ms) && fromUtc(ms) === day;
}

export function addDays(day: string, days: number): string {
  return fromUtc(toUtc(day) + days * DAY_MS);
}

/** Days from `from` to `to`, both included (1 for the same day). */
export function daysIn(period: Period): number {
  return Math.round((toUtc(period.to) - toUtc(period.from)) / DAY_MS) + 1;
}

export type PeriodResult = { ok: true; period: Period } | { ok: false; field: 'from' | 'to'; message: string };

/**
 * The period a report covers: `to` defaults to today, `from` to the DEFAULT_PERIOD_DAYS days
 * ending at `to`. Refused when `from` is after `to` or the period is longer than MAX_PERIOD_DAYS.
 */
export function resolvePeriod(input: { from?: string; to?: string }, today: string): PeriodResult {
  const to = input.to ?? today;
  const from = input.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) return { ok: false, field: 'from', message: `must not be after to (${to})` };
  if (daysIn({ from, to }) > MAX_PERIOD_DAYS) return { ok: false, field: 'to', message: `the period must be at most ${MAX_PERIOD_DAYS} days` };
  return { ok: true, period: { from, to } };
}

/** The first day of the bucket `day` falls in: itself, the Monday of its ISO week, or the 1st of its month. */
export function bucketStart(day: string, granularity: Granularity): string {
  if (granularity === 'day') return day;
  if (granularity === 'month') return `${day.slice(0, 7)}-01`;
  const weekday = new Date(toUtc(day)).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

/** The first day of the bucket after the one starting on `start`, as UTC milliseconds. */
function nextBucket(start: string, granularity: Granularity): number {
  if (granularity === 'day') return toUtc(start) + DAY_MS;
  if (granularity === 'week') return toUtc(start) + 7 * DAY_MS;
  const date = new Date(toUtc(start));
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/** The buckets covering `period`, in order, each clipped to the period. */
export function bucketsOf(period: Period, granularity: Granularity): Period[] {
  const buckets: Period[] = [];
  const last = toUtc(period.to);
  // Compared as numbers: past 9999-12-31 a date no longer writes as YYYY-MM-DD.
  for (let start = toUtc(bucketStart(period.from, granularity)); start <= last; ) {
    const next = nextBucket(fromUtc(start), granularity);
    const from = Math.max(start, toUtc(period.from));
    const to = Math.min(next - DAY_MS, last);
    buckets.push({ from: fromUtc(from), to: fromUtc(to) });
    start = next;
  }
  return buckets;
}
